#include "odata/service_protection.h"

#include <algorithm>
#include <cmath>

#include "base/metrics.h"
#include "http/error_response.h"

namespace appnotify::server {
namespace {

constexpr std::size_t kPruneAbove = 10000;  // callers remembered before the idle ones are let go

HttpResponse too_many(const char* dataverse_code, const std::string& code, const std::string& message,
                      std::int64_t retry_after_seconds) {
  HttpResponse response = error_response(429, dataverse_code, code, message);
  response.headers["Retry-After"] = std::to_string(std::max<std::int64_t>(1, retry_after_seconds));
  return response;
}

}  // namespace

ServiceProtection::Admission ServiceProtection::admit(const std::string& caller, std::int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  const double capacity = static_cast<double>(limits_.requests);
  const double per_ms = capacity / static_cast<double>(std::max<std::int64_t>(1, limits_.window_ms));
  if (buckets_.size() > kPruneAbove) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const bool full = it->second.tokens + (now_ms - it->second.updated_ms) * per_ms >= capacity;
      it = full && it->second.in_progress == 0 ? buckets_.erase(it) : std::next(it);
    }
  }
  const double execution = static_cast<double>(limits_.execution_ms);
  const double execution_per_ms = execution / static_cast<double>(std::max<std::int64_t>(1, limits_.window_ms));
  auto [found, fresh] = buckets_.try_emplace(caller);
  Bucket& bucket = found->second;
  if (fresh) {
    bucket.tokens = capacity;
    bucket.execution_ms = execution;
  } else if (now_ms > bucket.updated_ms) {
    const auto passed = static_cast<double>(now_ms - bucket.updated_ms);
    bucket.tokens = std::min(capacity, bucket.tokens + passed * per_ms);
    bucket.execution_ms = std::min(execution, bucket.execution_ms + passed * execution_per_ms);
  }
  bucket.updated_ms = std::max(bucket.updated_ms, now_ms);
  Admission admission;
  if (bucket.in_progress >= limits_.concurrent) {
    Metrics::process().count("appnotify_refused_total", {{"limit", "concurrent_requests"}});
    admission.refused =
        too_many(kTooManyConcurrent, "service_protection.concurrent_requests",
                 "Number of concurrent requests exceeded the limit of " + std::to_string(limits_.concurrent) + ".", 1);
    return admission;
  }
  if (bucket.execution_ms <= 0) {
    Metrics::process().count("appnotify_refused_total", {{"limit", "execution_time"}});
    // The first millisecond at which some execution time is left (the bucket above zero).
    const auto wait_ms = static_cast<std::int64_t>(std::floor(-bucket.execution_ms / execution_per_ms)) + 1;
    admission.refused = too_many(kTooMuchExecutionTime, "service_protection.execution_time",
                                 "Combined execution time of incoming requests exceeded limit of " +
                                     std::to_string(limits_.execution_ms) + " milliseconds over time window of " +
                                     std::to_string(limits_.window_ms / 1000) + " seconds.",
                                 (wait_ms + 999) / 1000);
    return admission;
  }
  if (bucket.tokens < 1) {
    Metrics::process().count("appnotify_refused_total", {{"limit", "requests"}});
    const auto wait_ms = static_cast<std::int64_t>(std::ceil((1 - bucket.tokens) / per_ms));
    admission.refused = too_many(kTooManyRequests, "service_protection.requests",
                                 "Number of requests exceeded the limit of " + std::to_string(limits_.requests) +
                                     " over time window of " + std::to_string(limits_.window_ms / 1000) + " seconds.",
                                 (wait_ms + 999) / 1000);
    return admission;
  }
  bucket.tokens -= 1;
  ++bucket.in_progress;
  admission.ticket = std::shared_ptr<void>(nullptr, [this, caller](void*) { release(caller); });
  return admission;
}

void ServiceProtection::charge(const std::string& caller, double elapsed_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = buckets_.find(caller);
  if (found != buckets_.end()) found->second.execution_ms -= elapsed_ms;
}

void ServiceProtection::release(const std::string& caller) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = buckets_.find(caller);
  if (found != buckets_.end() && found->second.in_progress > 0) --found->second.in_progress;
}

}  // namespace appnotify::server
