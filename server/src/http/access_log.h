// What a finished request leaves behind: one line of JSON on stderr (the access log, flushed by the
// server every second) and its count and latency in the metrics; and the request id both carry.
#pragma once

#include <boost/beast/core/string.hpp>
#include <cstddef>
#include <string>

namespace appnotify::server {

struct RequestRecord {
  std::string id, peer, method, target, route;
  int status = 0;
  double ms = 0;
  std::size_t bytes = 0;
};

void record_request(const RequestRecord& record);

// The client's X-Request-Id when it is a plain token of up to 128 characters, else a new one.
std::string request_id(boost::beast::string_view given);

// The help texts of the metrics record_request adds to.
void describe_request_metrics();

}  // namespace appnotify::server
