// The HTTP request and response as the API sees them: plain values, independent of the network
// library, so the API's logic stays testable and the transport replaceable.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace appnotify::server {

class EventStream;

struct HttpRequest {
  std::string method;
  std::string path;                            // percent-decoded, without the query
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string id;               // X-Request-Id: the client's, or one made here; echoed and logged
  std::string peer_address;     // the client's (or its proxy's) IP address, "" when unknown
  std::string local_authority;  // the address the connection came in on: "127.0.0.1:8080", "[::1]:8080"

  std::string header(const std::string& lowercase_name) const {
    const auto found = headers.find(lowercase_name);
    return found == headers.end() ? std::string() : found->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::map<std::string, std::string> headers;
  std::string body;
  // What the metrics and the log call the request's route ("/api/data/v9/appnotifications({id})"):
  // set by the handler that answered, so that its names stay few whatever paths clients send.
  std::string route;
  // Set for a stream of Server-Sent Events (event_stream.h): the server writes the head (status,
  // headers and the body as its first bytes), then hands the connection over to the stream and
  // calls this with it, on the stream's strand.
  std::function<void(std::shared_ptr<EventStream>)> open_stream;
};

using Reply = std::function<void(HttpResponse)>;

// Percent-decoding ('+' stays '+', as in paths and OData query strings); false on a bad escape.
bool percent_decode(const std::string& in, std::string& out);

// Splits "a=1&b=2" into decoded pairs; false on a malformed escape or a repeated name.
bool parse_query_string(const std::string& text, std::map<std::string, std::string>& out);

}  // namespace appnotify::server
