#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <chrono>
#include <future>

#include "auth/random_ids.h"
#include "store/sqlite/sqlite_connection.h"

namespace appnotify::server {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL, body TEXT, icontype INTEGER NOT NULL,
  toasttype INTEGER NOT NULL, priority INTEGER NOT NULL, ttlinseconds INTEGER, data TEXT,
  created_ms INTEGER NOT NULL, modified_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL,
  createdby TEXT NOT NULL, version INTEGER NOT NULL);
DROP INDEX IF EXISTS notifications_by_owner;
CREATE INDEX IF NOT EXISTS notifications_by_expiry ON notifications (expires_ms);
-- Serves a user's page in center order (the default) without sorting: a poll reads ~50 index rows.
CREATE INDEX IF NOT EXISTS notifications_in_center_order ON notifications (owner, priority DESC, created_ms DESC, id);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, kind TEXT NOT NULL,
  notification_id TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_owner ON events (owner, id);
)sql";

// Schema 2: users may sign in with an identity provider's tokens only (no static token), can be
// disabled, and remember that provider. Schema 1 (no schema_version row) is migrated in place.
constexpr int kSchemaVersion = 2;
constexpr const char* kUsersTable = R"sql(
CREATE TABLE IF NOT EXISTS users (
  systemuserid TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT UNIQUE, can_send INTEGER NOT NULL,
  created_ms INTEGER NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, issuer TEXT);
)sql";
// Schema 1's users table, set aside for kCopyUsersFrom1 once kUsersTable has made the new one.
constexpr const char* kCopyUsersFrom1 = R"sql(
INSERT INTO users (systemuserid, name, token_hash, can_send, created_ms)
  SELECT systemuserid, name, token_hash, can_send, created_ms FROM users_schema1;
DROP TABLE users_schema1;
)sql";
constexpr const char* kUserColumns =
    "systemuserid, name, can_send, disabled, issuer, token_hash IS NOT NULL, created_ms";

User read_user(const Statement& row) {
  return User{row.text(0),          row.text(1),         row.integer(2) != 0, row.integer(3) != 0,
              row.optional_text(4), row.integer(5) != 0, row.integer(6)};
}

// Brings the schema to kSchemaVersion inside one write transaction (several processes may open
// the file at once); false and `error` when the file was written by a newer appnotifyd.
bool migrate(SqliteConnection& db, std::string& error) {
  if (!db.exec("BEGIN IMMEDIATE")) return error = db.last_error(), false;
  std::int64_t version = 1;
  {
    Statement row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (row.step()) version = std::stoll(row.text(0));
  }
  bool users_exist = false;
  {
    Statement row = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'");
    users_exist = row.step() && row.integer(0) > 0;
  }
  bool ok = true;
  if (version > kSchemaVersion) {
    error = "the database has schema " + std::to_string(version) + ", written by a newer appnotifyd; this one knows " +
            "schemas up to " + std::to_string(kSchemaVersion) + ": upgrade appnotifyd";
    ok = false;
  }
  const bool from_schema1 = ok && version < 2 && users_exist;
  if (from_schema1) ok = db.exec("ALTER TABLE users RENAME TO users_schema1");
  ok = ok && db.exec(kUsersTable) && (!from_schema1 || db.exec(kCopyUsersFrom1)) &&
       db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)")
           .bind(1, std::to_string(kSchemaVersion))
           .done() &&
       db.exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('users_version', '0')");
  if (!ok) {
    if (error.empty()) error = db.last_error();
    db.exec("ROLLBACK");
    return false;
  }
  return db.exec("COMMIT") || (error = db.last_error(), false);
}

// Moves users_version (inside the caller's transaction).
bool bump_users_version(SqliteConnection& db) {
  return db.exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'users_version'");
}

constexpr const char* kColumns =
    "id, owner, title, body, icontype, toasttype, priority, ttlinseconds, data, created_ms, modified_ms, expires_ms, "
    "createdby, version";

// The record from kColumns, starting at column `at` of the row.
std::string prefixed_columns(const std::string& prefix) {
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

StoredNotification read_record(const Statement& row, int at = 0) {
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

bool insert_record(SqliteConnection& db, const StoredNotification& n) {
  return db
      .prepare(std::string("INSERT INTO notifications (") + kColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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

bool update_record(SqliteConnection& db, const StoredNotification& n) {
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

std::optional<StoredNotification> find_any(SqliteConnection& db, const std::string& id) {
  Statement row = db.prepare(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return read_record(row);
}

// Records the change for the owner's push stream; answers the event (with its id) or nullopt.
std::optional<ChangeEvent> record_event(SqliteConnection& db, const std::string& owner, const std::string& kind,
                                        const std::string& id, std::int64_t now_ms,
                                        std::optional<StoredNotification> record) {
  if (!db.prepare("INSERT INTO events (owner, kind, notification_id, created_ms) VALUES (?, ?, ?, ?)")
           .bind(1, owner)
           .bind(2, kind)
           .bind(3, id)
           .bind(4, now_ms)
           .done()) {
    return std::nullopt;
  }
  return ChangeEvent{db.last_insert_rowid(), owner, kind, id, std::move(record)};
}

std::string where_clause(const ListQuery& q) {
  std::string sql = " FROM notifications WHERE owner = ? AND expires_ms > ?";
  if (!q.where_sql.empty()) sql += " AND (" + q.where_sql + ")";
  return sql;
}

void bind_query(Statement& statement, const ListQuery& q) {
  statement.bind(1, q.owner).bind(2, q.now_ms);
  int index = 3;
  for (const SqlValue& value : q.params) statement.bind(index++, value);
}

}  // namespace

SqliteStore::SqliteStore(std::string path) : path_(std::move(path)) {}

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, std::string& error) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(path));
  store->writer_ = SqliteConnection::open(path, false, error);
  if (!store->writer_) return nullptr;
  SqliteConnection& db = *store->writer_;
  if (!db.exec(kSchema) || !db.exec("PRAGMA synchronous = FULL")) {
    error = db.last_error();
    return nullptr;
  }
  if (!migrate(db, error)) return nullptr;
  {
    Statement org = db.prepare("SELECT value FROM meta WHERE key = 'organizationid'");
    if (org.step()) store->organization_id_ = org.text(0);
  }
  if (store->organization_id_.empty()) {
    store->organization_id_ = random_guid();
    db.prepare("INSERT INTO meta (key, value) VALUES ('organizationid', ?)").bind(1, store->organization_id_).done();
  }
  {
    Statement version = db.prepare("SELECT COALESCE(MAX(version), 0) FROM notifications");
    if (version.step()) store->next_version_ = version.integer(0) + 1;
  }
  store->writer_thread_ = std::thread([raw = store.get()] { raw->run_writer(); });
  return store;
}

SqliteStore::~SqliteStore() {
  drain();
  std::lock_guard<std::mutex> lock(readers_mutex_);
  readers_.clear();
}

void SqliteStore::drain() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
}

void SqliteStore::enqueue(Job job) {
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
// transaction of its own, so that no request waits for a sweep inside its own commit.
void SqliteStore::run_writer() {
  while (true) {
    std::deque<Job> requests, background;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      for (Job& job : queue_) (job.background ? background : requests).push_back(std::move(job));
      queue_.clear();
    }
    if (!requests.empty()) commit_group(requests);
    if (!background.empty()) commit_group(background);
  }
}

void SqliteStore::commit_group(std::deque<Job>& batch) {
  SqliteConnection& db = *writer_;
  std::vector<WriteResult> results;
  results.reserve(batch.size());
  const bool began = db.exec("BEGIN IMMEDIATE");
  for (Job& job : batch) {
    if (!began) {
      results.push_back({WriteStatus::Failed, std::nullopt, {}});
      continue;
    }
    db.exec("SAVEPOINT write");
    WriteResult result = job.work(db);
    db.exec(result.status == WriteStatus::Failed ? "ROLLBACK TO write" : "RELEASE write");
    results.push_back(std::move(result));
  }
  const bool committed = began && db.exec("COMMIT");
  if (!committed) {
    db.exec("ROLLBACK");
    for (WriteResult& result : results) result = {WriteStatus::Failed, std::nullopt, {}};
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++commits_;
    committed_writes_ += static_cast<std::int64_t>(batch.size());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
}

std::pair<std::int64_t, std::int64_t> SqliteStore::commit_stats() {
  std::lock_guard<std::mutex> lock(mutex_);
  return {commits_, committed_writes_};
}

void SqliteStore::create(StoredNotification record, WriteDone done) {
  enqueue(
      {[this, record = std::move(record)](SqliteConnection& db) mutable {
         if (std::optional<StoredNotification> known = find_any(db, record.id)) {
           if (known->expires_ms > record.created_ms) return WriteResult{WriteStatus::Conflict, std::nullopt, {}};
           db.prepare("DELETE FROM notifications WHERE id = ?").bind(1, record.id).done();  // expired, not swept yet
         }
         record.version = next_version_++;
         if (!insert_record(db, record)) return WriteResult{WriteStatus::Failed, std::nullopt, {}};
         WriteResult result{WriteStatus::Ok, record, {}};
         if (auto event = record_event(db, record.owner, "created", record.id, record.created_ms, record)) {
           result.events.push_back(std::move(*event));
         }
         return result;
       },
       std::move(done)});
}

void SqliteStore::put(StoredNotification record, PutMode mode, const std::string& current_owner, WriteDone done) {
  enqueue({[this, record = std::move(record), mode, current_owner](SqliteConnection& db) mutable {
             const std::int64_t now = record.modified_ms;
             std::optional<StoredNotification> known = find_any(db, record.id);
             const bool live = known && known->expires_ms > now;
             if (live && known->owner != current_owner) return WriteResult{WriteStatus::NotFound, std::nullopt, {}};
             if (live && mode == PutMode::Create) return WriteResult{WriteStatus::Conflict, std::nullopt, {}};
             if (!live && mode == PutMode::Update) return WriteResult{WriteStatus::NotFound, std::nullopt, {}};
             record.version = next_version_++;
             bool written;
             std::vector<ChangeEvent> events;
             if (live) {
               record.created_ms = known->created_ms;
               record.created_by = known->created_by;
               written = update_record(db, record);
               if (written && known->owner != record.owner) {  // reassigned: it leaves the old owner's center
                 if (auto gone = record_event(db, known->owner, "deleted", record.id, now, std::nullopt)) {
                   events.push_back(std::move(*gone));
                 }
               }
             } else {
               if (known) db.prepare("DELETE FROM notifications WHERE id = ?").bind(1, record.id).done();
               written = insert_record(db, record);
             }
             if (!written) return WriteResult{WriteStatus::Failed, std::nullopt, {}};
             if (auto event = record_event(db, record.owner, live ? "updated" : "created", record.id, now, record)) {
               events.push_back(std::move(*event));
             }
             return WriteResult{WriteStatus::Ok, record, std::move(events)};
           },
           std::move(done)});
}

void SqliteStore::remove(const std::string& id, const std::string& owner, std::int64_t now_ms, WriteDone done) {
  enqueue({[id, owner, now_ms](SqliteConnection& db) {
             if (!db.prepare("DELETE FROM notifications WHERE id = ? AND owner = ? AND expires_ms > ?")
                      .bind(1, id)
                      .bind(2, owner)
                      .bind(3, now_ms)
                      .done()) {
               return WriteResult{WriteStatus::Failed, std::nullopt, {}};
             }
             if (db.changes() == 0) return WriteResult{WriteStatus::NotFound, std::nullopt, {}};
             WriteResult result{WriteStatus::Ok, std::nullopt, {}};
             if (auto event = record_event(db, owner, "deleted", id, now_ms, std::nullopt)) {
               result.events.push_back(std::move(*event));
             }
             return result;
           },
           std::move(done)});
}

std::unique_ptr<SqliteConnection> SqliteStore::acquire_reader() {
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!readers_.empty()) {
      std::unique_ptr<SqliteConnection> connection = std::move(readers_.back());
      readers_.pop_back();
      return connection;
    }
  }
  std::string error;
  return SqliteConnection::open(path_, true, error);
}

void SqliteStore::release_reader(std::unique_ptr<SqliteConnection> connection) {
  if (!connection) return;
  std::lock_guard<std::mutex> lock(readers_mutex_);
  readers_.push_back(std::move(connection));
}

template <typename Fn>
auto SqliteStore::with_reader(Fn&& fn) {
  std::unique_ptr<SqliteConnection> connection = acquire_reader();
  using Result = decltype(fn(*connection));
  if (!connection) return Result{};
  Result result = fn(*connection);
  release_reader(std::move(connection));
  return result;
}

std::optional<StoredNotification> SqliteStore::get(const std::string& id, std::int64_t now_ms) {
  return with_reader([&](SqliteConnection& db) -> std::optional<StoredNotification> {
    Statement row =
        db.prepare(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = ? AND expires_ms > ?");
    row.bind(1, id).bind(2, now_ms);
    if (!row.step()) return std::nullopt;
    return read_record(row);
  });
}

std::vector<StoredNotification> SqliteStore::list(const ListQuery& q) {
  return with_reader([&](SqliteConnection& db) {
    std::string sql = std::string("SELECT ") + kColumns + where_clause(q);
    sql += " ORDER BY " + (q.order_sql.empty() ? std::string("priority DESC, created_ms DESC, id") : q.order_sql);
    sql += " LIMIT " + std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset);
    Statement rows = db.prepare(sql);
    bind_query(rows, q);
    std::vector<StoredNotification> out;
    while (rows.step()) out.push_back(read_record(rows));
    return out;
  });
}

std::int64_t SqliteStore::count(const ListQuery& q) {
  return with_reader([&](SqliteConnection& db) -> std::int64_t {
    Statement row = db.prepare("SELECT COUNT(*)" + where_clause(q));
    bind_query(row, q);
    return row.step() ? row.integer(0) : 0;
  });
}

void SqliteStore::sweep(std::int64_t now_ms, std::int64_t keep_events_ms, SweepDone done) {
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
void SqliteStore::sweep_batch(std::int64_t now_ms, std::int64_t keep_events_ms, std::int64_t swept,
                              std::int64_t batches, SweepDone done) {
  auto deleted = std::make_shared<std::int64_t>(0);
  enqueue({[now_ms, keep_events_ms, deleted](SqliteConnection& db) {
             bool ok = db.prepare(
                             "DELETE FROM notifications WHERE rowid IN (SELECT rowid FROM notifications "
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

std::vector<ChangeEvent> SqliteStore::events_after(const std::string& owner, std::int64_t after_id,
                                                   std::int64_t now_ms) {
  return with_reader([&](SqliteConnection& db) {
    std::vector<ChangeEvent> out;
    Statement rows =
        db.prepare(std::string("SELECT e.id, e.kind, e.notification_id, ") + prefixed_columns("n.") +
                   " FROM events e LEFT JOIN notifications n ON n.id = e.notification_id AND n.owner = e.owner "
                   "AND n.expires_ms > ? WHERE e.owner = ? AND e.id > ? ORDER BY e.id LIMIT 10000");
    rows.bind(1, now_ms).bind(2, owner).bind(3, after_id);
    while (rows.step()) {
      ChangeEvent event{rows.integer(0), owner, rows.text(1), rows.text(2), std::nullopt};
      if (event.kind != "deleted") {
        if (!rows.optional_text(3)) continue;  // since deleted or expired: a later event says so
        event.record = read_record(rows, 3);
      }
      out.push_back(std::move(event));
    }
    return out;
  });
}

std::int64_t SqliteStore::last_event_id() {
  return with_reader([&](SqliteConnection& db) -> std::int64_t {
    Statement row = db.prepare("SELECT COALESCE(MAX(id), 0) FROM events");
    return row.step() ? row.integer(0) : 0;
  });
}

std::optional<User> SqliteStore::user_by_token_hash(const std::string& token_hash) {
  return with_reader([&](SqliteConnection& db) -> std::optional<User> {
    Statement row = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE token_hash = ?");
    row.bind(1, token_hash);
    if (!row.step()) return std::nullopt;
    return read_user(row);
  });
}

std::optional<User> SqliteStore::user_by_id(const std::string& id) {
  return with_reader([&](SqliteConnection& db) -> std::optional<User> {
    Statement row = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE systemuserid = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return read_user(row);
  });
}

std::vector<User> SqliteStore::list_users() {
  return with_reader([&](SqliteConnection& db) {
    std::vector<User> users;
    Statement rows =
        db.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY created_ms, systemuserid");
    while (rows.step()) users.push_back(read_user(rows));
    return users;
  });
}

std::int64_t SqliteStore::users_version() {
  return with_reader([&](SqliteConnection& db) -> std::int64_t {
    Statement row = db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'users_version'");
    return row.step() ? row.integer(0) : 0;
  });
}

template <typename Answer, typename Work>
Answer SqliteStore::write_and_wait(Work work, Answer failed) {
  auto value = std::make_shared<Answer>(failed);
  auto answer = std::make_shared<std::promise<Answer>>();
  std::future<Answer> future = answer->get_future();
  enqueue({[work = std::move(work), value](SqliteConnection& db) {
             *value = work(db);
             return WriteResult{*value ? WriteStatus::Ok : WriteStatus::Failed, std::nullopt, {}};
           },
           // Answered after the commit: a write rolled back, or never run (shutting down), is `failed`.
           [answer, value, failed](WriteResult result) {
             answer->set_value(result.status == WriteStatus::Ok ? *value : failed);
           }});
  return future.get();
}

bool SqliteStore::add_user(const User& user, const std::string& token_hash, std::int64_t now_ms) {
  return write_and_wait<bool>(
      [user, token_hash, now_ms](SqliteConnection& db) {
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

WriteStatus SqliteStore::change_user(const std::string& id, UserChange change, const std::string& token_hash) {
  const char* sql = "";
  switch (change) {
    case UserChange::Disable: sql = "UPDATE users SET disabled = 1 WHERE systemuserid = ?"; break;
    case UserChange::Enable: sql = "UPDATE users SET disabled = 0 WHERE systemuserid = ?"; break;
    case UserChange::GrantSend: sql = "UPDATE users SET can_send = 1 WHERE systemuserid = ?"; break;
    case UserChange::RevokeSend: sql = "UPDATE users SET can_send = 0 WHERE systemuserid = ?"; break;
    case UserChange::ReplaceToken: sql = "UPDATE users SET token_hash = ?2 WHERE systemuserid = ?1"; break;
  }
  auto found = std::make_shared<bool>(false);
  const bool written = write_and_wait<bool>(
      [id, sql, token_hash, found](SqliteConnection& db) {
        Statement update = db.prepare(sql);
        update.bind(1, id);
        if (std::string(sql).find("?2") != std::string::npos) update.bind(2, token_hash);
        if (!update.done()) return false;
        *found = db.changes() > 0;
        return !*found || bump_users_version(db);
      },
      false);
  if (!written) return WriteStatus::Failed;
  return *found ? WriteStatus::Ok : WriteStatus::NotFound;
}

std::optional<User> SqliteStore::provision_user(const User& user, std::int64_t now_ms) {
  const bool written = write_and_wait<bool>(
      [user, now_ms](SqliteConnection& db) {
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

std::string SqliteStore::organization_id() { return organization_id_; }

}  // namespace appnotify::server
