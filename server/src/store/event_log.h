// The change events, in the order of their commits: what a push stream replays after Last-Event-ID
// and what the event feed reads back from other instances sharing the database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace appnotify::server {

class EventLog {
 public:
  virtual ~EventLog() = default;

  // One owner's events after `after_id` in id order, at most `limit`. A created or updated event
  // carries the record as it is now; when the record has since been deleted or has expired, its
  // `record` is empty (a later "deleted" event says which, when one was written).
  virtual std::vector<ChangeEvent> events_after(const std::string& owner, std::int64_t after_id, std::int64_t now_ms,
                                                std::int64_t limit) = 0;
  virtual std::int64_t last_event_id() = 0;
  // What a push stream resuming after `after_id` would replay: how many of the owner's events follow
  // it (counted up to `cap`), and whether events after it may have been swept already (older than
  // the events kept), so that a replay could not be whole.
  struct Backlog {
    std::int64_t events = 0;
    bool swept = false;
  };
  virtual Backlog backlog_after(const std::string& owner, std::int64_t after_id, std::int64_t cap) = 0;
  // Every owner's events after `after_id` in id order, at most `limit`, without their records.
  virtual std::vector<ChangeEvent> events_since(std::int64_t after_id, std::int64_t limit) = 0;
  // The live records among `ids`, in no particular order.
  virtual std::vector<StoredNotification> records(const std::vector<std::string>& ids, std::int64_t now_ms) = 0;
  // When other processes may write the same database (PostgreSQL): news of their commits, to read
  // their events back with events_since (push/event_feed.h). nullptr when this process is the only
  // writer, and for an error (in `error`).
  virtual std::unique_ptr<CommitSignal> commit_signal(std::string& error) = 0;
};

}  // namespace appnotify::server
