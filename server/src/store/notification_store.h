// The notifications: asynchronous, group-committed writes (each answered once it is durable) and
// synchronous reads that see every acknowledged write. Expired records are invisible to every read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace appnotify::server {

class NotificationStore {
 public:
  virtual ~NotificationStore() = default;

  virtual void create(StoredNotification record, WriteDone done) = 0;  // Conflict if the id exists
  // Replaces a live record whose owner is `current_owner` (NotFound when someone else owns it) or,
  // with Upsert/Create, creates it. `record.owner` may differ: the record is reassigned.
  virtual void put(StoredNotification record, PutMode mode, const std::string& current_owner, WriteDone done) = 0;
  virtual void remove(const std::string& id, const std::string& owner, std::int64_t now_ms, WriteDone done) = 0;
  virtual std::optional<StoredNotification> get(const std::string& id, std::int64_t now_ms) = 0;
  virtual std::vector<StoredNotification> list(const ListQuery& query) = 0;
  virtual std::int64_t count(const ListQuery& query) = 0;
  // Queues the deletion of what expired by `now_ms` and of change events older than `keep_events_ms`,
  // in bounded batches (each its own transaction, requests served between them). A sweep that is
  // still going when the next is asked for carries on instead. Expired records are invisible
  // to every read from their first millisecond either way.
  // `done` (if set) hears, once the sweep has finished, how many rows it deleted in how many
  // transactions; a sweep that did not start (another is going) does not call it.
  virtual void sweep(std::int64_t now_ms, std::int64_t keep_events_ms, SweepDone done) = 0;
  // How many records have expired by `now_ms` and wait for the sweep (the metrics' sweep backlog).
  virtual std::int64_t expired_count(std::int64_t now_ms) = 0;
};

}  // namespace appnotify::server
