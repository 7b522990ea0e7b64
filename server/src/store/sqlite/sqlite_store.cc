#include "store/sqlite/sqlite_store.h"

#include "store/sql/sql_store_impl.h"

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

}  // namespace

std::unique_ptr<SqliteConnection> SqliteFlavor::open_writer(const std::string& path, std::string& error) {
  std::unique_ptr<SqliteConnection> db = SqliteConnection::open(path, false, error);
  if (!db) return nullptr;
  if (!db->exec(kSchema) || !db->exec("PRAGMA synchronous = FULL")) {
    error = db->last_error();
    return nullptr;
  }
  if (!migrate(*db, error)) return nullptr;
  return db;
}

std::unique_ptr<SqliteConnection> SqliteFlavor::open_reader(const std::string& path, std::string& error) {
  return SqliteConnection::open(path, true, error);
}

template class SqlStore<SqliteFlavor>;

}  // namespace appnotify::server
