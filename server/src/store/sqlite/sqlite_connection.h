// A SQLite connection with a cache of prepared statements, used by one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace appnotify::server {

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();  // resets the statement (it stays cached)
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const SqlValue& value);
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::string& value) { return bind(index, SqlValue(value)); }
  Statement& bind(int index, std::int64_t value) { return bind(index, SqlValue(value)); }
  bool step();  // true while a row is available
  bool done();  // runs to completion; true on success
  std::int64_t integer(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  bool ok() const { return ok_; }

 private:
  sqlite3_stmt* stmt_;
  bool ok_ = true;
  bool finished_ = false;  // stepped to its end
};

class SqliteConnection {
 public:
  static std::unique_ptr<SqliteConnection> open(const std::string& path, bool read_only, std::string& error);
  ~SqliteConnection();

  Statement prepare(const std::string& sql);  // cached; an invalid statement yields rows of nothing
  bool exec(const std::string& sql);          // for statements without results
  std::int64_t changes() const;
  std::int64_t last_insert_rowid() const;
  std::string last_error() const;
  bool broken() const { return false; }  // a file does not go away
  // Every statement prepared from now on is stopped when it runs longer than `timeout` (0: never).
  bool set_statement_timeout(std::chrono::milliseconds timeout);
  bool timed_out() const;  // the last statement was stopped at its deadline

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  static int past_deadline(void* connection);
  sqlite3* db_;
  std::chrono::milliseconds timeout_{0};
  std::chrono::steady_clock::time_point deadline_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace appnotify::server
