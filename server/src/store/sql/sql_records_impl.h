// SqlStore<Flavor>'s notifications (NotificationStore): writes queued for the writer, reads on
// pooled readers, and the expiry sweep in bounded batches.
// Included by sql_store_impl.h.
#pragma once

#include <algorithm>
#include <memory>

#include "store/sql/sql_rows.h"

namespace appnotify::server {

template <typename Flavor>
void SqlStore<Flavor>::create(StoredNotification record, WriteDone done) {
  enqueue(
      {[this, record = std::move(record)](Connection& db) mutable {
         record.version = Flavor::next_version(db, versions_);
         // A new id (nearly always) takes one statement; a taken one is looked at only then.
         if (!insert_record(db, record, true)) return WriteResult{WriteStatus::Failed, std::nullopt, {}};
         if (db.changes() == 0) {
           std::optional<StoredNotification> known = find_any(db, record.id);
           if (known && known->expires_ms > record.created_ms) {
             return WriteResult{WriteStatus::Conflict, std::nullopt, {}};
           }
           db.prepare("DELETE FROM notifications WHERE id = ?").bind(1, record.id).done();  // expired, not swept yet
           if (!insert_record(db, record)) return WriteResult{WriteStatus::Failed, std::nullopt, {}};
         }
         ChangeEvent event = change_event(record.owner, "created", record.id, record.created_ms, record);
         return WriteResult{WriteStatus::Ok, std::move(record), {std::move(event)}};
       },
       std::move(done)});
}

template <typename Flavor>
void SqlStore<Flavor>::put(StoredNotification record, PutMode mode, const std::string& current_owner, WriteDone done) {
  enqueue({[this, record = std::move(record), mode, current_owner](Connection& db) mutable {
             const std::int64_t now = record.modified_ms;
             std::optional<StoredNotification> known = find_any(db, record.id);
             const bool live = known && known->expires_ms > now;
             if (live && known->owner != current_owner) return WriteResult{WriteStatus::NotFound, std::nullopt, {}};
             if (live && mode == PutMode::Create) return WriteResult{WriteStatus::Conflict, std::nullopt, {}};
             if (!live && mode == PutMode::Update) return WriteResult{WriteStatus::NotFound, std::nullopt, {}};
             record.version = Flavor::next_version(db, versions_);
             bool written;
             std::vector<ChangeEvent> events;
             if (live) {
               record.created_ms = known->created_ms;
               record.created_by = known->created_by;
               written = update_record(db, record);
               if (written && known->owner != record.owner) {  // reassigned: it leaves the old owner's center
                 events.push_back(change_event(known->owner, "deleted", record.id, now, std::nullopt));
               }
             } else {
               if (known) db.prepare("DELETE FROM notifications WHERE id = ?").bind(1, record.id).done();
               written = insert_record(db, record);
             }
             if (!written) return WriteResult{WriteStatus::Failed, std::nullopt, {}};
             events.push_back(change_event(record.owner, live ? "updated" : "created", record.id, now, record));
             return WriteResult{WriteStatus::Ok, record, std::move(events)};
           },
           std::move(done)});
}

template <typename Flavor>
void SqlStore<Flavor>::remove(const std::string& id, const std::string& owner, std::int64_t now_ms, WriteDone done) {
  enqueue(
      {[id, owner, now_ms](Connection& db) {
         if (!db.prepare("DELETE FROM notifications WHERE id = ? AND owner = ? AND expires_ms > ?")
                  .bind(1, id)
                  .bind(2, owner)
                  .bind(3, now_ms)
                  .done()) {
           return WriteResult{WriteStatus::Failed, std::nullopt, {}};
         }
         if (db.changes() == 0) return WriteResult{WriteStatus::NotFound, std::nullopt, {}};
         return WriteResult{WriteStatus::Ok, std::nullopt, {change_event(owner, "deleted", id, now_ms, std::nullopt)}};
       },
       std::move(done)});
}

template <typename Flavor>
std::optional<StoredNotification> SqlStore<Flavor>::get(const std::string& id, std::int64_t now_ms) {
  return with_reader([&](Connection& db) -> std::optional<StoredNotification> {
    auto row = db.prepare(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = ? AND expires_ms > ?");
    row.bind(1, id).bind(2, now_ms);
    if (!row.step()) {
      throw_unless_read(row, db);
      return std::nullopt;
    }
    return read_record(row);
  });
}

template <typename Flavor>
std::vector<StoredNotification> SqlStore<Flavor>::list(const ListQuery& q) {
  return with_reader([&](Connection& db) {
    std::string sql = std::string("SELECT ") + kColumns + where_clause<Flavor>(Flavor::filter(q.where_sql));
    sql += " ORDER BY " + (q.order_sql.empty() ? std::string("priority DESC, created_ms DESC, id") : q.order_sql);
    sql += " LIMIT " + std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset);
    auto rows = db.prepare(sql);
    bind_query(rows, q);
    return collect_rows(rows, db, [](auto& row) { return read_record(row); });
  });
}

template <typename Flavor>
std::int64_t SqlStore<Flavor>::count(const ListQuery& q) {
  return with_reader([&](Connection& db) -> std::int64_t {
    auto row = db.prepare("SELECT COUNT(*)" + where_clause<Flavor>(Flavor::filter(q.where_sql)));
    bind_query(row, q);
    const std::int64_t count = row.step() ? row.integer(0) : 0;
    throw_unless_read(row, db);
    return count;
  });
}

template <typename Flavor>
std::int64_t SqlStore<Flavor>::expired_count(std::int64_t now_ms) {
  return with_reader([&](Connection& db) -> std::int64_t {
    auto row = db.prepare("SELECT COUNT(*) FROM notifications WHERE expires_ms <= ?");
    row.bind(1, now_ms);
    const std::int64_t count = row.step() ? row.integer(0) : 0;
    throw_unless_read(row, db);
    return count;
  });
}

template <typename Flavor>
void SqlStore<Flavor>::sweep(std::int64_t now_ms, std::int64_t keep_events_ms, SweepDone done) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sweeping_) return;  // the last sweep is still going: it carries on to the end
    sweeping_ = true;
  }
  sweep_batch(now_ms, keep_events_ms, 0, 0, std::move(done));
}

// One bounded batch of deletions as one background writer job (its own transaction, after the
// requests queued with it); the next batch is queued only when this one has committed, so a million
// records expiring at once cost the writes around them one batch's time at most.
template <typename Flavor>
void SqlStore<Flavor>::sweep_batch(std::int64_t now_ms, std::int64_t keep_events_ms, std::int64_t swept,
                                   std::int64_t batches, SweepDone done) {
  auto deleted = std::make_shared<std::int64_t>(0);
  enqueue({[now_ms, keep_events_ms, deleted](Connection& db) {
             bool ok = db.prepare(std::string("DELETE FROM notifications WHERE ") + Flavor::kRowKey + " IN (SELECT " +
                                  Flavor::kRowKey +
                                  " FROM notifications "
                                  "WHERE expires_ms <= ? LIMIT " +
                                  std::to_string(kSweepBatch) + ")")
                           .bind(1, now_ms)
                           .done();
             *deleted = ok ? db.changes() : 0;
             if (ok && *deleted < kSweepBatch) {  // the notifications are done: old events, also bounded
               ok = db.prepare("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_ms < ? LIMIT " +
                               std::to_string(kSweepBatch) + ")")
                        .bind(1, now_ms - keep_events_ms)
                        .done();
               *deleted += db.changes();
             }
             return WriteResult{ok ? WriteStatus::Ok : WriteStatus::Failed, std::nullopt, {}};
           },
           [this, now_ms, keep_events_ms, swept, batches, deleted, done](WriteResult result) {
             const std::int64_t total = swept + *deleted;
             if (result.status == WriteStatus::Ok && *deleted >= kSweepBatch) {
               return sweep_batch(now_ms, keep_events_ms, total, batches + 1, done);
             }
             {
               std::lock_guard<std::mutex> lock(mutex_);
               sweeping_ = false;
             }
             if (done) done(total, batches + 1);
           },
           true});
}

template <typename Flavor>
std::vector<StoredNotification> SqlStore<Flavor>::records(const std::vector<std::string>& ids, std::int64_t now_ms) {
  return with_reader([&](Connection& db) {
    std::vector<StoredNotification> out;
    constexpr std::size_t kIdsPerQuery = 500;
    for (std::size_t begin = 0; begin < ids.size(); begin += kIdsPerQuery) {
      const std::size_t end = std::min(ids.size(), begin + kIdsPerQuery);
      std::string sql = std::string("SELECT ") + kColumns + " FROM notifications WHERE expires_ms > ? AND id IN (";
      for (std::size_t i = begin; i < end; ++i) sql += i == begin ? "?" : ", ?";
      auto rows = db.prepare(sql + ")");
      rows.bind(1, now_ms);
      for (std::size_t i = begin; i < end; ++i) rows.bind(static_cast<int>(i - begin) + 2, ids[i]);
      while (rows.step()) out.push_back(read_record(rows));
      throw_unless_read(rows, db);
    }
    return out;
  });
}

}  // namespace appnotify::server
