// One user's push stream: the Server-Sent Events that tell an open page of the changes to its
// user's notifications. It writes to an EventStream (http/event_stream.h) and does all its work on
// that stream's strand. Each event goes out once, in id order ("id: N", "event: created|updated|
// deleted", the record or its id as data); after the backlog a page asked for (Last-Event-ID) comes
// "event: ready". The backlog is read and written a page at a time, the next page once the last is
// written, so a stream's memory stays bounded however far behind it resumes. A page too far behind
// (over kMaxReplay events, or older than the events kept) is told "event: resync" instead: it
// brings itself up to date through its delta link, and the stream goes on live.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "auth/authenticator.h"
#include "base/clock.h"
#include "http/event_stream.h"
#include "push/push_hub.h"
#include "store/event_log.h"

namespace appnotify::server {

class PushStream : public PushSubscriber, public std::enable_shared_from_this<PushStream> {
 public:
  // `authorization`: the header the stream was opened with, checked again when users change;
  // `valid_until_ms`: when its token expires.
  PushStream(std::shared_ptr<EventStream> out, std::string owner, std::string authorization,
             std::int64_t valid_until_ms);

  // On the stream's strand, once subscribed to the hub: the events after `resume_after` (when
  // `resuming`), then "ready". Closes the stream when the database cannot be read (the page comes
  // back later, resuming where it was). `events` and `clock` must outlive the stream.
  void start(EventLog& events, const Clock& clock, std::int64_t resume_after, bool resuming);

  void deliver(const ChangeEvent& event) override;  // from any thread
  // Users changed: the stream goes on only while its token is still good (not disabled, not re-keyed).
  void recheck(Authenticator& authenticator);
  void close() { out_->close(); }
  bool expired(std::int64_t now_ms) const { return now_ms > valid_until_ms_; }
  // Keeps `slot` (the stream's place in the limits) as long as the stream lives.
  void hold(std::shared_ptr<void> slot) { slot_ = std::move(slot); }

  static constexpr std::int64_t kReplayPage = 100;
  static constexpr std::int64_t kMaxReplay = 5000;

 private:
  void send(const ChangeEvent& event);
  // Writes the next page of the backlog, and after the last one goes live with "ready".
  void replay(EventLog& events, const Clock& clock);
  void go_live();

  const std::shared_ptr<EventStream> out_;
  const std::string owner_;
  const std::string authorization_;
  const std::int64_t valid_until_ms_;
  std::int64_t sent_up_to_ = 0;      // the last event id written (on the strand)
  std::int64_t replayed_up_to_ = 0;  // the last event id of the backlog read
  std::int64_t ready_id_ = 0;        // the last event id of all at the start: "ready" names it
  bool replaying_ = false;
  std::shared_ptr<void> slot_;  // live events wait for the backlog (they are in it, or come after)
};

}  // namespace appnotify::server
