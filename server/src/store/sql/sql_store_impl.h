// The definitions of SqlStore<Flavor> (sql_store.h), included by each flavor's .cc, which
// instantiates the template for its flavor.
#pragma once

#include <algorithm>
#include <chrono>
#include <future>

#include "base/random_ids.h"
#include "store/sql/sql_store.h"

namespace appnotify::server {
namespace sql_store_detail {

constexpr const char* kUserColumns =
    "systemuserid, name, can_send, disabled, issuer, token_hash IS NOT NULL, created_ms";

template <typename Row>
User read_user(const Row& row) {
  return User{row.text(0),          row.text(1),         row.integer(2) != 0, row.integer(3) != 0,
              row.optional_text(4), row.integer(5) != 0, row.integer(6)};
}

// Moves users_version (inside the caller's transaction).
template <typename Db>
bool bump_users_version(Db& db) {
  return db.exec("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'users_version'");
}

constexpr const char* kColumns =
    "id, owner, title, body, icontype, toasttype, priority, ttlinseconds, data, created_ms, modified_ms, expires_ms, "
    "createdby, version";

// The record from kColumns, starting at column `at` of the row.
inline std::string prefixed_columns(const std::string& prefix) {
  std::string out;
  std::string columns = kColumns;
  std::size_t begin = 0;
  while (begin < columns.size()) {
    std::size_t end = columns.find(", ", begin);
    if (end == std::string::npos) end = columns.size();
    out += (out.empty() ? "" : ", ") + prefix + columns.substr(begin, end - begin);
    begin = end + 2;
  }
  return out;
}

template <typename Row>
StoredNotification read_record(const Row& row, int at = 0) {
  StoredNotification n;
  n.id = row.text(at + 0);
  n.owner = row.text(at + 1);
  n.title = row.text(at + 2);
  n.body = row.optional_text(at + 3);
  n.icontype = static_cast<int>(row.integer(at + 4));
  n.toasttype = static_cast<int>(row.integer(at + 5));
  n.priority = static_cast<int>(row.integer(at + 6));
  n.ttl_seconds = row.optional_integer(at + 7);
  n.data = row.optional_text(at + 8);
  n.created_ms = row.integer(at + 9);
  n.modified_ms = row.integer(at + 10);
  n.expires_ms = row.integer(at + 11);
  n.created_by = row.text(at + 12);
  n.version = row.integer(at + 13);
  return n;
}

template <typename Db>
bool insert_record(Db& db, const StoredNotification& n, bool unless_id_exists = false) {
  return db
      .prepare(std::string("INSERT INTO notifications (") + kColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
               (unless_id_exists ? " ON CONFLICT (id) DO NOTHING" : ""))
      .bind(1, n.id)
      .bind(2, n.owner)
      .bind(3, n.title)
      .bind(4, n.body)
      .bind(5, std::int64_t{n.icontype})
      .bind(6, std::int64_t{n.toasttype})
      .bind(7, std::int64_t{n.priority})
      .bind(8, n.ttl_seconds)
      .bind(9, n.data)
      .bind(10, n.created_ms)
      .bind(11, n.modified_ms)
      .bind(12, n.expires_ms)
      .bind(13, n.created_by)
      .bind(14, n.version)
      .done();
}

template <typename Db>
bool update_record(Db& db, const StoredNotification& n) {
  return db
      .prepare(
          "UPDATE notifications SET title = ?, body = ?, icontype = ?, toasttype = ?, priority = ?, "
          "ttlinseconds = ?, data = ?, modified_ms = ?, expires_ms = ?, version = ?, owner = ? WHERE id = ?")
      .bind(1, n.title)
      .bind(2, n.body)
      .bind(3, std::int64_t{n.icontype})
      .bind(4, std::int64_t{n.toasttype})
      .bind(5, std::int64_t{n.priority})
      .bind(6, n.ttl_seconds)
      .bind(7, n.data)
      .bind(8, n.modified_ms)
      .bind(9, n.expires_ms)
      .bind(10, n.version)
      .bind(11, n.owner)
      .bind(12, n.id)
      .done();
}

template <typename Db>
std::optional<StoredNotification> find_any(Db& db, const std::string& id) {
  auto row = db.prepare(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return read_record(row);
}

// After a read: a statement that failed, on a connection still up (a timeout, a disk error, a table
// gone), throws instead of passing for the end of the rows. The request answers 503 then, never an
// empty answer as if nothing were stored, and a stream or a delta link never moves past events it
// did not have.
template <typename Statement, typename Db>
void throw_unless_read(Statement& statement, Db& db) {
  if (!statement.done()) throw StoreUnavailable("a read failed: " + db.last_error());
}

// The change for the owner's push stream. Its id is given when its transaction commits
// (assign_event_ids), so that ids follow the order of the commits.
inline ChangeEvent change_event(const std::string& owner, const std::string& kind, const std::string& id,
                                std::int64_t now_ms, std::optional<StoredNotification> record) {
  return ChangeEvent{0, owner, kind, id, std::move(record), now_ms};
}

// Inserts the events of a group's writes, in order, as the last statements of its transaction,
// after Flavor::lock_event_ids: no other transaction takes event ids until this one has committed,
// so ids become visible in increasing order and a reader that sees event N sees every event below
// N. Then the Flavor tells the other instances (PostgreSQL's NOTIFY, delivered at the commit).
template <typename Flavor, typename Db>
bool assign_event_ids(Db& db, std::vector<WriteResult>& results) {
  std::vector<ChangeEvent*> pending;
  for (WriteResult& result : results) {
    if (result.status != WriteStatus::Ok) continue;
    for (ChangeEvent& event : result.events) pending.push_back(&event);
  }
  if (pending.empty()) return true;
  if (!Flavor::lock_event_ids(db)) return false;
  constexpr std::size_t kRowsPerInsert = 500;
  for (std::size_t begin = 0; begin < pending.size(); begin += kRowsPerInsert) {
    const std::size_t end = std::min(pending.size(), begin + kRowsPerInsert);
    std::string sql = "INSERT INTO events (owner, kind, notification_id, created_ms) VALUES ";
    for (std::size_t i = begin; i < end; ++i) sql += i == begin ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
    auto insert = db.prepare(sql + " RETURNING id");
    for (std::size_t i = begin; i < end; ++i) {
      const int first = static_cast<int>(i - begin) * 4 + 1;
      insert.bind(first, pending[i]->owner).bind(first + 1, pending[i]->kind);
      insert.bind(first + 2, pending[i]->notification_id).bind(first + 3, pending[i]->created_ms);
    }
    // The rows take increasing ids in the order of VALUES; RETURNING may list them in any order.
    std::vector<std::int64_t> ids;
    while (insert.step()) ids.push_back(insert.integer(0));
    if (!insert.done() || ids.size() != end - begin) return false;
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = begin; i < end; ++i) pending[i]->id = ids[i - begin];
  }
  return Flavor::announce_events(db, pending.back()->id);
}

template <typename Flavor>
std::string where_clause(const std::string& where_sql) {
  std::string sql = std::string(" FROM notifications WHERE ") + Flavor::kOwnersLive;
  if (!where_sql.empty()) sql += " AND (" + where_sql + ")";
  return sql;
}

template <typename Statement>
void bind_query(Statement& statement, const ListQuery& q) {
  statement.bind(1, q.owner).bind(2, q.now_ms);
  int index = 3;
  for (const SqlValue& value : q.params) statement.bind(index++, value);
}

}  // namespace sql_store_detail

using namespace sql_store_detail;

template <typename Flavor>
SqlStore<Flavor>::SqlStore(std::string target) : target_(std::move(target)) {}

template <typename Flavor>
std::unique_ptr<SqlStore<Flavor>> SqlStore<Flavor>::open(const std::string& target, std::string& error) {
  std::unique_ptr<SqlStore<Flavor>> store(new SqlStore<Flavor>(target));
  store->writer_ = Flavor::open_writer(target, error);  // the schema made or migrated
  if (!store->writer_) return nullptr;
  Connection& db = *store->writer_;
  {
    auto org = db.prepare("SELECT value FROM meta WHERE key = 'organizationid'");
    if (org.step()) store->organization_id_ = org.text(0);
  }
  if (store->organization_id_.empty()) {  // the first to start; instances starting with it agree on one
    db.prepare("INSERT INTO meta (key, value) VALUES ('organizationid', ?) ON CONFLICT (key) DO NOTHING")
        .bind(1, random_guid())
        .done();
    auto org = db.prepare("SELECT value FROM meta WHERE key = 'organizationid'");
    if (org.step()) store->organization_id_ = org.text(0);
  }
  {
    auto version = db.prepare("SELECT COALESCE(MAX(version), 0) FROM notifications");
    if (version.step()) store->versions_.next = version.integer(0) + 1;  // where the versions have no sequence
  }
  store->writer_thread_ = std::thread([raw = store.get()] { raw->run_writer(); });
  return store;
}

template <typename Flavor>
SqlStore<Flavor>::~SqlStore() {
  drain();
  std::lock_guard<std::mutex> lock(readers_mutex_);
  readers_.clear();
}

template <typename Flavor>
void SqlStore<Flavor>::drain() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
}

template <typename Flavor>
void SqlStore<Flavor>::enqueue(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  job.done(WriteResult{WriteStatus::Failed, std::nullopt, {}});  // the server is shutting down
}

// Takes everything queued and commits it: the requests' writes in one transaction (a savepoint per
// write, so one failure does not undo the others), then background work (the sweep's batch) in a
// transaction of its own, so that no request waits for a sweep inside its own commit. While requests
// keep coming, background work takes at most 1 / (1 + kBackgroundYield) of the writer's time: after a
// batch that took d, the next one waits until the requests have had kBackgroundYield x d. When no
// request came since the last batch, the next goes at once.
template <typename Flavor>
void SqlStore<Flavor>::run_writer() {
  using SteadyClock = std::chrono::steady_clock;
  std::deque<Job> background;
  SteadyClock::time_point background_allowed = SteadyClock::now();
  bool busy = false;  // requests came since the last background batch
  while (true) {
    std::deque<Job> requests;
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      const auto ready = [&] { return stopping_ || !queue_.empty(); };
      if (background.empty()) {
        wake_.wait(lock, ready);
      } else if (busy) {
        wake_.wait_until(lock, background_allowed, ready);
      }
      stopping = stopping_;
      if (queue_.empty() && background.empty()) return;  // stopping, and everything queued is done
      for (Job& job : queue_) (job.background ? background : requests).push_back(std::move(job));
      queue_.clear();
    }
    if (!requests.empty()) {
      commit_group(requests);
      busy = true;
    }
    if (!background.empty() && (!busy || stopping || SteadyClock::now() >= background_allowed)) {
      std::deque<Job> due;
      due.swap(background);
      const SteadyClock::time_point started = SteadyClock::now();
      commit_group(due);
      const SteadyClock::time_point ended = SteadyClock::now();
      background_allowed = ended + kBackgroundYield * (ended - started);
      busy = false;
    }
  }
}

template <typename Flavor>
void SqlStore<Flavor>::commit_group(std::deque<Job>& batch) {
  bool began = writer_->exec(Flavor::kBegin);
  if (!began && writer_->broken()) {  // the database went away: connect again, once per group
    std::string error;
    if (auto fresh = Flavor::open_writer(target_, error)) {
      writer_ = std::move(fresh);
      began = writer_->exec(Flavor::kBegin);
    }
  }
  Connection& db = *writer_;
  std::vector<WriteResult> results;
  results.reserve(batch.size());
  // Each write in a savepoint of its own; ending one and opening the next is one round trip.
  if (began) db.exec("SAVEPOINT write");
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!began) {
      results.push_back({WriteStatus::Failed, std::nullopt, {}});
      continue;
    }
    WriteResult result = batch[i].work(db);
    std::string end = result.status == WriteStatus::Failed ? "ROLLBACK TO SAVEPOINT write; RELEASE SAVEPOINT write"
                                                           : "RELEASE SAVEPOINT write";
    if (i + 1 < batch.size()) end += "; SAVEPOINT write";
    db.exec(end);
    results.push_back(std::move(result));
  }
  const bool committed = began && assign_event_ids<Flavor>(db, results) && db.exec("COMMIT");
  if (!committed) {
    db.exec("ROLLBACK");
    for (WriteResult& result : results) result = {WriteStatus::Failed, std::nullopt, {}};
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
}

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
std::unique_ptr<typename SqlStore<Flavor>::Connection> SqlStore<Flavor>::acquire_reader() {
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!readers_.empty()) {
      std::unique_ptr<Connection> connection = std::move(readers_.back());
      readers_.pop_back();
      return connection;
    }
  }
  std::string error;
  return Flavor::open_reader(target_, error);
}

template <typename Flavor>
void SqlStore<Flavor>::release_reader(std::unique_ptr<Connection> connection) {
  if (!connection) return;
  std::lock_guard<std::mutex> lock(readers_mutex_);
  readers_.push_back(std::move(connection));
}

template <typename Flavor>
template <typename Fn>
auto SqlStore<Flavor>::with_reader(Fn&& fn) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::unique_ptr<Connection> connection = acquire_reader();
    if (!connection) continue;
    auto result = fn(*connection);
    if (!connection->broken()) {
      release_reader(std::move(connection));
      return result;
    }
    // The database went away (a restart, a failover): the pooled connections are as stale as this one.
    std::lock_guard<std::mutex> lock(readers_mutex_);
    readers_.clear();
  }
  throw StoreUnavailable("the database cannot be reached");
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
    std::vector<StoredNotification> out;
    while (rows.step()) out.push_back(read_record(rows));
    throw_unless_read(rows, db);
    return out;
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
std::vector<ChangeEvent> SqlStore<Flavor>::events_after(const std::string& owner, std::int64_t after_id,
                                                        std::int64_t now_ms, std::int64_t limit) {
  return with_reader([&](Connection& db) {
    std::vector<ChangeEvent> out;
    auto rows = db.prepare(std::string("SELECT e.id, e.kind, e.notification_id, ") + prefixed_columns("n.") +
                           " FROM events e LEFT JOIN notifications n ON n.id = e.notification_id AND n.owner = e.owner "
                           "AND n.expires_ms > ? WHERE e.owner = ? AND e.id > ? ORDER BY e.id LIMIT " +
                           std::to_string(std::max<std::int64_t>(0, limit)));
    rows.bind(1, now_ms).bind(2, owner).bind(3, after_id);
    while (rows.step()) {
      ChangeEvent event{rows.integer(0), owner, rows.text(1), rows.text(2), std::nullopt};
      if (event.kind != "deleted" && rows.optional_text(3)) event.record = read_record(rows, 3);
      out.push_back(std::move(event));
    }
    throw_unless_read(rows, db);
    return out;
  });
}

template <typename Flavor>
std::int64_t SqlStore<Flavor>::last_event_id() {
  return with_reader([&](Connection& db) -> std::int64_t {
    auto row = db.prepare("SELECT COALESCE(MAX(id), 0) FROM events");
    const std::int64_t last = row.step() ? row.integer(0) : 0;
    throw_unless_read(row, db);
    return last;
  });
}

template <typename Flavor>
std::vector<ChangeEvent> SqlStore<Flavor>::events_since(std::int64_t after_id, std::int64_t limit) {
  return with_reader([&](Connection& db) {
    std::vector<ChangeEvent> out;
    auto rows =
        db.prepare("SELECT id, owner, kind, notification_id, created_ms FROM events WHERE id > ? ORDER BY id LIMIT " +
                   std::to_string(limit));
    rows.bind(1, after_id);
    while (rows.step()) {
      out.push_back(
          ChangeEvent{rows.integer(0), rows.text(1), rows.text(2), rows.text(3), std::nullopt, rows.integer(4)});
    }
    throw_unless_read(rows, db);
    return out;
  });
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

template <typename Flavor>
std::unique_ptr<CommitSignal> SqlStore<Flavor>::commit_signal(std::string& error) {
  return Flavor::commit_signal(target_, error);
}

template <typename Flavor>
std::optional<User> SqlStore<Flavor>::user_by_token_hash(const std::string& token_hash) {
  return with_reader([&](Connection& db) -> std::optional<User> {
    auto row = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE token_hash = ?");
    row.bind(1, token_hash);
    if (!row.step()) {
      throw_unless_read(row, db);
      return std::nullopt;
    }
    return read_user(row);
  });
}

template <typename Flavor>
std::optional<User> SqlStore<Flavor>::user_by_id(const std::string& id) {
  return with_reader([&](Connection& db) -> std::optional<User> {
    auto row = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE systemuserid = ?");
    row.bind(1, id);
    if (!row.step()) {
      throw_unless_read(row, db);
      return std::nullopt;
    }
    return read_user(row);
  });
}

template <typename Flavor>
std::vector<User> SqlStore<Flavor>::list_users() {
  return with_reader([&](Connection& db) {
    std::vector<User> users;
    auto rows = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY created_ms, systemuserid");
    while (rows.step()) users.push_back(read_user(rows));
    throw_unless_read(rows, db);
    return users;
  });
}

template <typename Flavor>
std::int64_t SqlStore<Flavor>::users_version() {
  return with_reader([&](Connection& db) -> std::int64_t {
    auto row = db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'users_version'");
    const std::int64_t version = row.step() ? row.integer(0) : 0;
    throw_unless_read(row, db);
    return version;
  });
}

template <typename Flavor>
template <typename Answer, typename Work>
Answer SqlStore<Flavor>::write_and_wait(Work work, Answer failed) {
  auto value = std::make_shared<Answer>(failed);
  auto answer = std::make_shared<std::promise<Answer>>();
  std::future<Answer> future = answer->get_future();
  enqueue({[work = std::move(work), value](Connection& db) {
             *value = work(db);
             return WriteResult{*value ? WriteStatus::Ok : WriteStatus::Failed, std::nullopt, {}};
           },
           // Answered after the commit: a write rolled back, or never run (shutting down), is `failed`.
           [answer, value, failed](WriteResult result) {
             answer->set_value(result.status == WriteStatus::Ok ? *value : failed);
           }});
  return future.get();
}

template <typename Flavor>
bool SqlStore<Flavor>::add_user(const User& user, const std::string& token_hash, std::int64_t now_ms) {
  return write_and_wait<bool>(
      [user, token_hash, now_ms](Connection& db) {
        return db
            .prepare(
                "INSERT INTO users (systemuserid, name, token_hash, can_send, created_ms, disabled, issuer) "
                "VALUES (?, ?, ?, ?, ?, 0, ?)")
            .bind(1, user.id)
            .bind(2, user.name)
            .bind(3, token_hash.empty() ? std::optional<std::string>() : token_hash)
            .bind(4, std::int64_t{user.can_send ? 1 : 0})
            .bind(5, now_ms)
            .bind(6, user.issuer)
            .done();
      },
      false);
}

template <typename Flavor>
WriteStatus SqlStore<Flavor>::change_user(const std::string& id, UserChange change, const std::string& token_hash) {
  const char* sql = "";
  switch (change) {
    case UserChange::Disable: sql = "UPDATE users SET disabled = 1 WHERE systemuserid = ?"; break;
    case UserChange::Enable: sql = "UPDATE users SET disabled = 0 WHERE systemuserid = ?"; break;
    case UserChange::GrantSend: sql = "UPDATE users SET can_send = 1 WHERE systemuserid = ?"; break;
    case UserChange::RevokeSend: sql = "UPDATE users SET can_send = 0 WHERE systemuserid = ?"; break;
    case UserChange::ReplaceToken: sql = "UPDATE users SET token_hash = ? WHERE systemuserid = ?"; break;
  }
  const bool with_token = change == UserChange::ReplaceToken;
  auto found = std::make_shared<bool>(false);
  const bool written = write_and_wait<bool>(
      [id, sql, with_token, token_hash, found](Connection& db) {
        auto update = db.prepare(sql);
        if (with_token) update.bind(1, token_hash);
        update.bind(with_token ? 2 : 1, id);
        if (!update.done()) return false;
        *found = db.changes() > 0;
        return !*found || bump_users_version(db);
      },
      false);
  if (!written) return WriteStatus::Failed;
  return *found ? WriteStatus::Ok : WriteStatus::NotFound;
}

template <typename Flavor>
std::optional<User> SqlStore<Flavor>::provision_user(const User& user, std::int64_t now_ms) {
  const bool written = write_and_wait<bool>(
      [user, now_ms](Connection& db) {
        return db.prepare(
                     "INSERT INTO users (systemuserid, name, token_hash, can_send, created_ms, disabled, issuer) "
                     "VALUES (?, ?, NULL, 0, ?, 0, ?) ON CONFLICT (systemuserid) DO NOTHING")
                   .bind(1, user.id)
                   .bind(2, user.name)
                   .bind(3, now_ms)
                   .bind(4, user.issuer)
                   .done() &&
               db.prepare("UPDATE users SET name = ? WHERE systemuserid = ? AND name <> ?")
                   .bind(1, user.name)
                   .bind(2, user.id)
                   .bind(3, user.name)
                   .done();
      },
      false);
  if (!written) return std::nullopt;
  return user_by_id(user.id);
}

template <typename Flavor>
std::string SqlStore<Flavor>::organization_id() {
  return organization_id_;
}

}  // namespace appnotify::server
