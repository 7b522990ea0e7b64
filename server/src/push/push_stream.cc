#include "push/push_stream.h"

#include "base/metrics.h"
#include "odata/records_json.h"

namespace appnotify::server {

PushStream::PushStream(std::shared_ptr<EventStream> out, std::string owner, std::string authorization,
                       std::int64_t valid_until_ms)
    : out_(std::move(out)),
      owner_(std::move(owner)),
      authorization_(std::move(authorization)),
      valid_until_ms_(valid_until_ms) {}

void PushStream::start(EventLog& events, const Clock& clock, std::int64_t resume_after, bool resuming) {
  // Subscribed before reading the backlog, so nothing falls between them; ids above what was sent
  // are delivered once. The last id is read before the backlog: every event of this owner up to it
  // is in the backlog (ids commit in order), so "ready" may name it without passing over any.
  try {
    ready_id_ = events.last_event_id();
    if (resuming) {
      const EventLog::Backlog backlog = events.backlog_after(owner_, resume_after, kMaxReplay + 1);
      if (backlog.events > kMaxReplay || backlog.swept) {
        out_->write(std::string("event: resync\ndata: {\"reason\":\"") +
                    (backlog.swept ? "events_expired" : "too_far_behind") + "\"}\n\n");
        return go_live();
      }
      replaying_ = true;
      replayed_up_to_ = resume_after;
      return replay(events, clock);
    }
  } catch (const StoreUnavailable&) {
    return out_->close();
  }
  go_live();
}

void PushStream::replay(EventLog& events, const Clock& clock) {
  std::vector<ChangeEvent> page;
  try {
    page = events.events_after(owner_, replayed_up_to_, clock.now_ms(), kReplayPage);
  } catch (const StoreUnavailable&) {
    return out_->close();
  }
  for (const ChangeEvent& event : page) {
    replayed_up_to_ = event.id;
    // A record since deleted or expired is not replayed: a later event says so, or its expiry.
    if (event.record || event.kind == "deleted") send(event);
  }
  if (static_cast<std::int64_t>(page.size()) == kReplayPage) {
    return out_->when_drained([self = shared_from_this(), &events, &clock] { self->replay(events, clock); });
  }
  // The last page was read in this same job on the strand: an event delivered before it was in
  // the database, so in the page; one delivered after it comes live.
  go_live();
}

void PushStream::go_live() {
  replaying_ = false;
  if (ready_id_ > sent_up_to_) {
    sent_up_to_ = ready_id_;
    out_->write("id: " + std::to_string(ready_id_) + "\nevent: ready\ndata: {}\n\n");
  } else {
    out_->write("event: ready\ndata: {}\n\n");
  }
}

void PushStream::deliver(const ChangeEvent& event) {
  out_->post([self = shared_from_this(), event] {
    if (!self->replaying_) self->send(event);
  });
}

void PushStream::recheck(Authenticator& authenticator) {
  out_->post([self = shared_from_this(), &authenticator] {
    try {
      if (!self->out_->closed() && !authenticator.authenticate(self->authorization_).principal) self->close();
    } catch (const StoreUnavailable&) {
      // cannot tell now: checked again at the next change of the users
    }
  });
}

void PushStream::send(const ChangeEvent& event) {
  if (event.id <= sent_up_to_) return;
  sent_up_to_ = event.id;
  std::string data =
      event.record ? record_json(*event.record, {}, "") : "{\"appnotificationid\":\"" + event.notification_id + "\"}";
  out_->write("id: " + std::to_string(event.id) + "\nevent: " + event.kind + "\ndata: " + data + "\n\n");
  Metrics::process().count("appnotify_push_events_delivered_total");
}

}  // namespace appnotify::server
