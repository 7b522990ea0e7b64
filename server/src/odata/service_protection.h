// Service protection as Dataverse has it: per caller (the principal a token names), a limit on the
// requests over a sliding window and on the requests in progress at once. Over either, the request
// answers 429 with Retry-After and Dataverse's error code for that limit, so that a Dataverse
// client (DynamicsWebApi, the .NET SDK) backs off as it would from Dataverse. Time is an argument:
// the window slides with the server's clock (the test clock too).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/http_types.h"

namespace appnotify::server {

struct ServiceLimits {
  std::int64_t requests = 6000;     // per caller per window (Dataverse: 6,000 per 5 minutes)
  std::int64_t window_ms = 300000;  //
  std::int64_t concurrent = 52;     // per caller at once (Dataverse: 52)
};

// Dataverse's error codes for its service protection limits.
inline constexpr const char* kTooManyRequests = "0x80072322";    // number of requests
inline constexpr const char* kTooManyConcurrent = "0x80072326";  // concurrent requests

class ServiceProtection {
 public:
  explicit ServiceProtection(ServiceLimits limits) : limits_(limits) {}

  // Admits a request of `caller` at `now_ms`: a ticket to hold until it is answered (it counts the
  // request as in progress until released), or the 429 answer.
  struct Admission {
    std::shared_ptr<void> ticket;
    std::optional<HttpResponse> refused;
  };
  Admission admit(const std::string& caller, std::int64_t now_ms);

 private:
  // A token bucket per caller: `limits_.requests` tokens, refilled evenly over the window (a
  // sliding window in effect, without a list of timestamps).
  struct Bucket {
    double tokens = 0;
    std::int64_t updated_ms = 0;
    std::int64_t in_progress = 0;
  };
  void release(const std::string& caller);

  const ServiceLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace appnotify::server
