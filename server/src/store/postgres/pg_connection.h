// A PostgreSQL connection through libpq, with the statement interface SqlStore uses for every
// database (store/sql/sql_store.h): "?" placeholders numbered in order, parameters and results as
// text, rows read one after another. Used by one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/store.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace appnotify::server {

class PgConnection;

class PgStatement {
 public:
  PgStatement(PgConnection& connection, std::string sql) : connection_(connection), sql_(std::move(sql)) {}
  ~PgStatement();
  PgStatement(PgStatement&& other) noexcept;
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  PgStatement& bind(int index, const SqlValue& value);
  PgStatement& bind(int index, const std::optional<std::string>& value);
  PgStatement& bind(int index, const std::optional<std::int64_t>& value);
  PgStatement& bind(int index, const std::string& value) { return bind(index, SqlValue(value)); }
  PgStatement& bind(int index, std::int64_t value) { return bind(index, SqlValue(value)); }
  bool step();  // runs the statement the first time; true while a row is available
  bool done();  // runs it (if not yet) and reads past its rows; true on success
  std::int64_t integer(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  bool run();
  PgConnection& connection_;
  std::string sql_;
  std::vector<SqlValue> params_;
  PGresult* result_ = nullptr;
  bool ran_ = false;
  bool ok_ = false;
  int row_ = -1;
};

class PgConnection {
 public:
  // `uri`: any libpq connection URI (postgresql://..., postgres://...).
  static std::unique_ptr<PgConnection> open(const std::string& uri, std::string& error);
  ~PgConnection();

  PgStatement prepare(const std::string& sql) { return PgStatement(*this, sql); }
  bool exec(const std::string& sql);  // one or more statements without parameters or results
  std::int64_t changes() const { return changes_; }
  std::string last_error() const;
  bool broken() const;  // the connection to the server is lost
  // The server stops any statement that runs longer than `timeout` (0: never): statement_timeout.
  bool set_statement_timeout(std::chrono::milliseconds timeout);
  bool timed_out() const { return timed_out_; }  // the last statement was stopped at its deadline
  // After LISTEN: waits up to `timeout` for notifications and answers how many came (0 when the
  // time passed), or -1 when the connection is lost.
  int wait_for_notifications(std::chrono::milliseconds timeout);

 private:
  friend class PgStatement;
  explicit PgConnection(PGconn* connection) : connection_(connection) {}
  // The name of `sql` prepared on this connection (parsed and planned once, then only executed),
  // or nullptr to run it unnamed: statements other than queries and data changes, and any beyond
  // the first kMaxPrepared texts (filters and paging make texts without end).
  const char* prepared(const std::string& sql, int params);
  static constexpr std::size_t kMaxPrepared = 256;
  PGconn* connection_;
  std::int64_t changes_ = 0;
  bool timed_out_ = false;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

// "a = ? AND b LIKE ? ESCAPE '\'" -> "a = $1 AND b LIKE $2 ESCAPE '\'": the placeholders outside quotes.
std::string numbered_placeholders(const std::string& sql);

}  // namespace appnotify::server
