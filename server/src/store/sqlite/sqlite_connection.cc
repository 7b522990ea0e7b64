#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

namespace appnotify::server {

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::bind(int index, const SqlValue& value) {
  if (stmt_ == nullptr) return *this;
  int rc = SQLITE_OK;
  if (std::holds_alternative<std::nullptr_t>(value)) {
    rc = sqlite3_bind_null(stmt_, index);
  } else if (const auto* number = std::get_if<std::int64_t>(&value)) {
    rc = sqlite3_bind_int64(stmt_, index, *number);
  } else {
    const std::string& text = std::get<std::string>(value);
    rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  ok_ = ok_ && rc == SQLITE_OK;
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, SqlValue(*value)) : bind(index, SqlValue(nullptr));
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, SqlValue(*value)) : bind(index, SqlValue(nullptr));
}

bool Statement::step() {
  if (stmt_ == nullptr || !ok_ || finished_) return false;  // sqlite3_step would run it again
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  ok_ = rc == SQLITE_DONE;
  finished_ = true;
  return false;
}

bool Statement::done() {
  while (step()) {
  }
  return ok_ && stmt_ != nullptr;
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return data == nullptr ? std::string()
                         : std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return text(column);
}

std::unique_ptr<SqliteConnection> SqliteConnection::open(const std::string& path, bool read_only, std::string& error) {
  sqlite3* db = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    error = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

bool SqliteConnection::set_statement_timeout(std::chrono::milliseconds timeout) {
  timeout_ = timeout;
  // Called every 1,000 virtual machine steps: a row scanned costs a few, so the deadline is kept to
  // well under a millisecond.
  sqlite3_progress_handler(db_, 1000, timeout.count() > 0 ? &SqliteConnection::past_deadline : nullptr, this);
  return true;
}

int SqliteConnection::past_deadline(void* connection) {
  return std::chrono::steady_clock::now() > static_cast<SqliteConnection*>(connection)->deadline_ ? 1 : 0;
}

bool SqliteConnection::timed_out() const { return sqlite3_errcode(db_) == SQLITE_INTERRUPT; }

Statement SqliteConnection::prepare(const std::string& sql) {
  deadline_ = std::chrono::steady_clock::now() + timeout_;
  auto found = statements_.find(sql);
  if (found != statements_.end()) return Statement(found->second);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK) {
    return Statement(nullptr);
  }
  if (statements_.size() >= 256) {  // dynamic filters must not grow the cache without bound
    for (auto& [text, cached] : statements_) sqlite3_finalize(cached);
    statements_.clear();
  }
  statements_.emplace(sql, stmt);
  return Statement(stmt);
}

bool SqliteConnection::exec(const std::string& sql) {
  deadline_ = std::chrono::steady_clock::now() + timeout_;
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

std::int64_t SqliteConnection::changes() const { return sqlite3_changes(db_); }

std::int64_t SqliteConnection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

std::string SqliteConnection::last_error() const { return sqlite3_errmsg(db_); }

}  // namespace appnotify::server
