#include "push/push_stream.h"

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
  const std::int64_t now = clock.now_ms();
  std::int64_t current = 0;
  try {
    current = events.last_event_id();
    if (resuming) {
      for (const ChangeEvent& event : events.events_after(owner_, resume_after, now, 10000)) {
        // A record since deleted or expired is not replayed: a later event says so, or its expiry.
        if (event.record || event.kind == "deleted") send(event);
      }
    }
  } catch (const StoreUnavailable&) {
    return out_->close();
  }
  if (current > sent_up_to_) {
    sent_up_to_ = current;
    out_->write("id: " + std::to_string(current) + "\nevent: ready\ndata: {}\n\n");
  } else {
    out_->write("event: ready\ndata: {}\n\n");
  }
}

void PushStream::deliver(const ChangeEvent& event) {
  out_->post([self = shared_from_this(), event] { self->send(event); });
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
}

}  // namespace appnotify::server
