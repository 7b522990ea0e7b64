#include "store/postgres/postgres_store.h"

#include <thread>

#include "store/sql/sql_store_impl.h"

namespace appnotify::server {
namespace {

constexpr int kSchemaVersion = 2;
constexpr int kSchemaLock = 7261746;  // pg_advisory_xact_lock keys: making the schema,
constexpr int kEventIdsLock =
    7261747;  // and taking event ids  // the same numbers as SQLite's: 2 is the first PostgreSQL has
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  systemuserid TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT UNIQUE, can_send INTEGER NOT NULL,
  created_ms BIGINT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, issuer TEXT);
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL, body TEXT, icontype INTEGER NOT NULL,
  toasttype INTEGER NOT NULL, priority INTEGER NOT NULL, ttlinseconds BIGINT, data TEXT,
  created_ms BIGINT NOT NULL, modified_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL,
  createdby TEXT NOT NULL, version BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS notifications_by_expiry ON notifications (expires_ms);
CREATE INDEX IF NOT EXISTS notifications_in_center_order ON notifications (owner, priority DESC, created_ms DESC, id);
CREATE TABLE IF NOT EXISTS events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL,
  notification_id TEXT NOT NULL, created_ms BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_owner ON events (owner, id);
CREATE INDEX IF NOT EXISTS events_by_age ON events (created_ms);
CREATE SEQUENCE IF NOT EXISTS notification_versions;
INSERT INTO meta (key, value) VALUES ('users_version', '0') ON CONFLICT (key) DO NOTHING;
)sql";

// Makes or checks the schema in one transaction, under an advisory lock (instances that start
// together wait for each other instead of racing on CREATE TABLE).
bool prepare_schema(PgConnection& db, std::string& error) {
  if (!db.exec("BEGIN") || !db.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kSchemaLock) + ")") ||
      !db.exec(kSchema)) {
    error = db.last_error();
    db.exec("ROLLBACK");
    return false;
  }
  std::int64_t version = kSchemaVersion;
  {
    auto row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (row.step()) version = std::stoll(row.text(0));
  }
  if (version > kSchemaVersion) {
    error = "the database has schema " + std::to_string(version) + ", written by a newer appnotifyd; this one knows " +
            "schemas up to " + std::to_string(kSchemaVersion) + ": upgrade appnotifyd";
    db.exec("ROLLBACK");
    return false;
  }
  const bool ok = db.prepare(
                        "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET "
                        "value = excluded.value")
                      .bind(1, std::to_string(kSchemaVersion))
                      .done() &&
                  db.exec("COMMIT");
  if (!ok) {
    error = db.last_error();
    db.exec("ROLLBACK");
  }
  return ok;
}

}  // namespace

std::unique_ptr<PgConnection> PostgresFlavor::open_writer(const std::string& uri, std::string& error) {
  std::unique_ptr<PgConnection> db = PgConnection::open(uri, error);
  if (!db || !prepare_schema(*db, error)) return nullptr;
  return db;
}

std::unique_ptr<PgConnection> PostgresFlavor::open_reader(const std::string& uri, std::string& error) {
  return PgConnection::open(uri, error);
}

std::string PostgresFlavor::filter(const std::string& where_sql) {
  std::string out = where_sql;
  for (std::size_t at = 0; (at = out.find(" LIKE ", at)) != std::string::npos; at += 7) out.replace(at, 6, " ILIKE ");
  return out;
}

std::int64_t PostgresFlavor::next_version(PgConnection& db, Versions& versions) {
  if (versions.reserved.empty()) {
    auto rows = db.prepare("SELECT nextval('notification_versions') FROM generate_series(1, ?) ORDER BY 1 DESC");
    rows.bind(1, std::int64_t{kVersionsAtOnce});
    while (rows.step()) versions.reserved.push_back(rows.integer(0));
    if (versions.reserved.empty()) return 0;  // the database went away: the write fails with it
  }
  const std::int64_t version = versions.reserved.back();
  versions.reserved.pop_back();
  return version;
}

bool PostgresFlavor::lock_event_ids(PgConnection& db) {
  return db.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kEventIdsLock) + ")");
}

bool PostgresFlavor::announce_events(PgConnection& db, std::int64_t last_id) {
  return db.prepare("SELECT pg_notify(?, ?)")
      .bind(1, std::string(kEventsChannel))
      .bind(2, std::to_string(last_id))
      .done();
}

namespace {

class PgCommitSignal : public CommitSignal {
 public:
  PgCommitSignal(std::string uri, std::unique_ptr<PgConnection> listening)
      : uri_(std::move(uri)), listening_(std::move(listening)) {}

  bool wait(std::chrono::milliseconds timeout) override {
    if (!listening_) {
      std::string error;
      listening_ = listen(uri_, error);
      if (!listening_) {  // still away: the caller asks again after a while
        std::this_thread::sleep_for(timeout);
        return false;
      }
      return true;  // whatever was committed meanwhile went unheard: read it now
    }
    const int notices = listening_->wait_for_notifications(timeout);
    if (notices < 0) listening_.reset();
    return notices != 0;
  }

  static std::unique_ptr<PgConnection> listen(const std::string& uri, std::string& error) {
    std::unique_ptr<PgConnection> db = PgConnection::open(uri, error);
    if (db && !db->exec(std::string("LISTEN ") + PostgresFlavor::kEventsChannel)) {
      error = db->last_error();
      db.reset();
    }
    return db;
  }

 private:
  const std::string uri_;
  std::unique_ptr<PgConnection> listening_;
};

}  // namespace

std::unique_ptr<CommitSignal> PostgresFlavor::commit_signal(const std::string& uri, std::string& error) {
  std::unique_ptr<PgConnection> listening = PgCommitSignal::listen(uri, error);
  if (!listening) return nullptr;
  return std::make_unique<PgCommitSignal>(uri, std::move(listening));
}

bool is_postgres_uri(const std::string& target) {
  return target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0;
}

template class SqlStore<PostgresFlavor>;

}  // namespace appnotify::server
