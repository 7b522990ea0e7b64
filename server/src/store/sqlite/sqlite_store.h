// The embedded default store: one SQLite file in WAL mode, synchronous=FULL (a commit is on disk
// before any write it carries is answered), through SqlStore (store/sql/sql_store.h).
#pragma once

#include <memory>
#include <string>

#include "store/sql/sql_store.h"
#include "store/sqlite/sqlite_connection.h"

namespace appnotify::server {

struct SqliteFlavor {
  using Connection = SqliteConnection;
  static constexpr const char* kBegin = "BEGIN IMMEDIATE";
  static constexpr const char* kRowKey = "rowid";
  static constexpr const char* kOwnersLive = "owner = ? AND expires_ms > ?";  // a user's live notifications

  // The file, created when missing, its schema made or migrated (schema 1 to 2 in place).
  static std::unique_ptr<SqliteConnection> open_writer(const std::string& path, std::string& error);
  static std::unique_ptr<SqliteConnection> open_reader(const std::string& path, std::string& error);
  static std::string filter(const std::string& where_sql) { return where_sql; }
  // One writer per file (the transaction holds the write lock): a counter in memory will do.
  struct Versions {
    std::int64_t next = 1;  // one past the highest stored, read at opening
  };
  static std::int64_t next_version(SqliteConnection&, Versions& versions) { return versions.next++; }
  // BEGIN IMMEDIATE already holds the file's write lock until the commit: ids commit in order.
  static bool lock_event_ids(SqliteConnection&) { return true; }
  static bool announce_events(SqliteConnection&, std::int64_t) { return true; }
  // The file has one writing process: its own events reach its streams directly (push/push_hub.h).
  static std::unique_ptr<CommitSignal> commit_signal(const std::string&, std::string&) { return nullptr; }
};

extern template class SqlStore<SqliteFlavor>;
using SqliteStore = SqlStore<SqliteFlavor>;

}  // namespace appnotify::server
