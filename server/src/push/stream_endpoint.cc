#include "push/stream_endpoint.h"

#include <algorithm>

#include "auth/auth_response.h"
#include "base/metrics.h"
#include "http/error_response.h"
#include "http/event_stream.h"

namespace appnotify::server {

StreamEndpoint::StreamEndpoint(EventLog& events, const Clock& clock, Authenticator& authenticator, PushHub& hub,
                               StreamLimits limits)
    : events_(events), clock_(clock), authenticator_(authenticator), hub_(hub), limits_(limits) {
  Metrics::process().gauge_from("appnotify_push_streams", "Push streams open.", [this] {
    std::lock_guard<std::mutex> lock(counts_mutex_);
    return static_cast<double>(open_total_);
  });
}

std::shared_ptr<void> StreamEndpoint::reserve(const std::string& user, HttpResponse& refused) {
  std::lock_guard<std::mutex> lock(counts_mutex_);
  const bool total = open_total_ >= limits_.total;
  const auto found = open_per_user_.find(user);
  const bool theirs = found != open_per_user_.end() && found->second >= limits_.per_user;
  if (!total && !theirs) {
    ++open_total_;
    ++open_per_user_[user];
    // Points at the endpoint only to be non-null: what counts is its deleter.
    return std::shared_ptr<void>(static_cast<void*>(this), [this, user](void*) {
      std::lock_guard<std::mutex> lock(counts_mutex_);
      --open_total_;
      const auto mine = open_per_user_.find(user);
      if (mine != open_per_user_.end() && --mine->second == 0) open_per_user_.erase(mine);
    });
  }
  Metrics::process().count("appnotify_refused_total", {{"limit", total ? "streams" : "streams_per_user"}});
  refused = total ? error_response(429, kUnavailable, "stream.too_many",
                                   "The server holds " + std::to_string(limits_.total) +
                                       " push streams already (--max-streams); try again later.")
                  : error_response(429, kUnavailable, "stream.too_many_for_user",
                                   "This user has " + std::to_string(limits_.per_user) +
                                       " push streams open already (--max-streams-per-user); close a page, or try "
                                       "again later.");
  refused.headers["Retry-After"] = "30";
  return nullptr;
}

bool StreamEndpoint::handle(const HttpRequest& request, const Reply& given) {
  if (request.path != kPath) return false;
  const Reply reply = [given](HttpResponse response) {
    response.route = kPath;
    given(std::move(response));
  };
  if (request.method != "GET") {
    reply(error_response(405, kMethodNotAllowed, "method_not_allowed", "The push stream accepts GET only."));
    return true;
  }
  AuthResult auth;
  try {
    auth = authenticator_.authenticate(request.header("authorization"));
  } catch (const StoreUnavailable&) {
    reply(unavailable_response());
    return true;
  }
  if (authenticator_.should_wait(auth)) {  // the issuer's keys are being fetched: asked again then
    authenticator_.when_keys_fetched([this, request, given] { handle(request, given); });
    return true;
  }
  if (!auth.principal) {
    reply(unauthenticated_response(auth));
    return true;
  }
  // Counted from here, before the stream exists, so that many opened at once cannot pass the limits.
  HttpResponse refused;
  std::shared_ptr<void> slot = reserve(auth.principal->id, refused);
  if (!slot) {
    reply(std::move(refused));
    return true;
  }
  std::string last = request.header("last-event-id");
  if (last.empty() && request.query.count("lastEventId")) last = request.query.at("lastEventId");
  const bool resuming = !last.empty() && last.size() < 19 && last.find_first_not_of("0123456789") == std::string::npos;
  const std::int64_t resume_after = resuming ? std::stoll(last) : 0;

  HttpResponse response;
  response.headers["Content-Type"] = "text/event-stream; charset=utf-8";
  response.headers["Cache-Control"] = "no-store";
  response.headers["X-Accel-Buffering"] = "no";  // nginx passes it through unbuffered
  response.body = "retry: 2000\n\n";
  response.open_stream = [this, user = *auth.principal, authorization = request.header("authorization"), resume_after,
                          resuming, slot](std::shared_ptr<EventStream> out) {
    auto stream = std::make_shared<PushStream>(out, user.id, authorization, user.valid_until_ms);
    stream->hold(slot);
    out->keep(stream);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      streams_.erase(std::remove_if(streams_.begin(), streams_.end(), [](const auto& weak) { return weak.expired(); }),
                     streams_.end());
      streams_.push_back(stream);
    }
    hub_.subscribe(user.id, stream);
    stream->start(events_, clock_, resume_after, resuming);
  };
  reply(std::move(response));
  return true;
}

void StreamEndpoint::check(std::int64_t now_ms, bool users_changed) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& weak : streams_) {
    auto stream = weak.lock();
    if (!stream) continue;
    if (stream->expired(now_ms)) {
      stream->close();
    } else if (users_changed) {
      stream->recheck(authenticator_);
    }
  }
}

}  // namespace appnotify::server
