// Service protection as Dataverse has it: per caller (the principal a token names), limits on the
// requests over a sliding window, on their combined execution time over the same window, and on
// the requests in progress at once. Over any of them, the request
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
  // The time a caller's requests may run per window: a tenth of one worker on average, with bursts
  // (Dataverse allows 20 minutes per 5 on servers of many cores; appnotifyd's threads are few).
  std::int64_t execution_ms = 30000;
};

// Dataverse's error codes for its service protection limits.
inline constexpr const char* kTooManyRequests = "0x80072322";       // number of requests
inline constexpr const char* kTooManyConcurrent = "0x80072326";     // concurrent requests
inline constexpr const char* kTooMuchExecutionTime = "0x80072321";  // combined execution time

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
  // Counts `elapsed_ms` of work done for `caller` against its execution time.
  void charge(const std::string& caller, double elapsed_ms);

 private:
  // A token bucket per caller: `limits_.requests` tokens, refilled evenly over the window (a
  // sliding window in effect, without a list of timestamps).
  struct Bucket {
    double tokens = 0;
    double execution_ms = 0;  // execution time left, refilled like the tokens
    std::int64_t updated_ms = 0;
    std::int64_t in_progress = 0;
  };
  void release(const std::string& caller);

  const ServiceLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace appnotify::server
