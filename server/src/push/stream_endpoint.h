// GET /api/appnotify/v1/stream: opens a push stream (push_stream.h) for the caller, resuming after
// Last-Event-ID (or ?lastEventId=) when the page gives one, and keeps the open streams so that
// serve's scheduler can close those whose token expired or whose user was disabled or re-keyed.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/authenticator.h"
#include "base/clock.h"
#include "http/http_handler.h"
#include "push/push_hub.h"
#include "push/push_stream.h"
#include "store/event_log.h"

namespace appnotify::server {

// How many push streams may be open at once (--max-streams, --max-streams-per-user): over either,
// a new one answers 429 with Retry-After.
struct StreamLimits {
  std::size_t total = 10000;
  std::size_t per_user = 20;
};

class StreamEndpoint : public HttpHandler {
 public:
  static constexpr const char* kPath = "/api/appnotify/v1/stream";

  StreamEndpoint(EventLog& events, const Clock& clock, Authenticator& authenticator, PushHub& hub,
                 StreamLimits limits = {});

  bool handle(const HttpRequest& request, const Reply& reply) override;

  // Closes the streams whose token expired by `now_ms`; when `users_changed`, every other stream
  // checks its token again (a disabled user's streams close).
  void check(std::int64_t now_ms, bool users_changed);

 private:
  // Counts a stream of `user` until the returned slot goes, or nullptr and the 429 in `refused`
  // when it would pass a limit.
  std::shared_ptr<void> reserve(const std::string& user, HttpResponse& refused);

  EventLog& events_;
  const Clock& clock_;
  Authenticator& authenticator_;
  PushHub& hub_;
  const StreamLimits limits_;
  std::mutex mutex_;
  std::vector<std::weak_ptr<PushStream>> streams_;
  // The counts have a lock of their own: a stream's slot gives its count back when the stream goes,
  // which may happen while mutex_ is held (check() holds a stream as it closes).
  std::mutex counts_mutex_;
  std::size_t open_total_ = 0;  // streams reserved or open
  std::unordered_map<std::string, std::size_t> open_per_user_;
};

}  // namespace appnotify::server
