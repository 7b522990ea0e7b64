#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

namespace appnotify::server {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

PgStatement::~PgStatement() { PQclear(result_); }

PgStatement::PgStatement(PgStatement&& other) noexcept
    : connection_(other.connection_),
      sql_(std::move(other.sql_)),
      params_(std::move(other.params_)),
      result_(other.result_),
      ran_(other.ran_),
      ok_(other.ok_),
      row_(other.row_) {
  other.result_ = nullptr;
}

PgStatement& PgStatement::bind(int index, const SqlValue& value) {
  if (index < 1) return *this;
  if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index), nullptr);
  params_[static_cast<std::size_t>(index) - 1] = value;
  return *this;
}

PgStatement& PgStatement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, SqlValue(*value)) : bind(index, SqlValue(nullptr));
}

PgStatement& PgStatement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, SqlValue(*value)) : bind(index, SqlValue(nullptr));
}

bool PgStatement::run() {
  ran_ = true;
  std::vector<std::string> texts(params_.size());
  std::vector<const char*> values(params_.size(), nullptr);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (const auto* number = std::get_if<std::int64_t>(&params_[i])) {
      texts[i] = std::to_string(*number);
    } else if (const auto* text = std::get_if<std::string>(&params_[i])) {
      texts[i] = *text;
    } else {
      continue;  // NULL
    }
    values[i] = texts[i].c_str();
  }
  const std::string numbered = numbered_placeholders(sql_);
  const int count = static_cast<int>(values.size());
  const char* name = connection_.prepared(numbered, count);
  result_ = name ? PQexecPrepared(connection_.connection_, name, count, values.data(), nullptr, nullptr, 0)
                 : PQexecParams(connection_.connection_, numbered.c_str(), count, nullptr, values.data(), nullptr,
                                nullptr, 0);
  const ExecStatusType status = result_ ? PQresultStatus(result_) : PGRES_FATAL_ERROR;
  ok_ = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  const char* state = result_ && !ok_ ? PQresultErrorField(result_, PG_DIAG_SQLSTATE) : nullptr;
  connection_.timed_out_ = state != nullptr && std::string(state) == "57014";  // query_canceled
  const char* affected = result_ ? PQcmdTuples(result_) : "";
  connection_.changes_ = ok_ && affected && *affected ? std::stoll(affected) : 0;
  return ok_;
}

bool PgStatement::step() {
  if (!ran_ && !run()) return false;
  if (!ok_) return false;
  return ++row_ < PQntuples(result_);
}

bool PgStatement::done() {
  if (!ran_) run();
  return ok_;
}

std::string PgStatement::text(int column) const {
  return std::string(PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::optional<std::string> PgStatement::optional_text(int column) const {
  if (PQgetisnull(result_, row_, column)) return std::nullopt;
  return text(column);
}

std::int64_t PgStatement::integer(int column) const {
  if (PQgetisnull(result_, row_, column)) return 0;
  const char* value = PQgetvalue(result_, row_, column);
  if (value[0] == 't' && value[1] == '\0') return 1;  // booleans
  if (value[0] == 'f' && value[1] == '\0') return 0;
  return std::stoll(value);
}

std::optional<std::int64_t> PgStatement::optional_integer(int column) const {
  if (PQgetisnull(result_, row_, column)) return std::nullopt;
  return integer(column);
}

std::unique_ptr<PgConnection> PgConnection::open(const std::string& uri, std::string& error) {
  PGconn* connection = PQconnectdb(uri.c_str());
  if (!connection || PQstatus(connection) != CONNECTION_OK) {
    error = connection ? trimmed(PQerrorMessage(connection)) : "out of memory";
    PQfinish(connection);
    return nullptr;
  }
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);  // NOTICEs are not errors
  return std::unique_ptr<PgConnection>(new PgConnection(connection));
}

PgConnection::~PgConnection() { PQfinish(connection_); }

bool PgConnection::exec(const std::string& sql) {
  PGresult* result = PQexec(connection_, sql.c_str());
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  PQclear(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

const char* PgConnection::prepared(const std::string& sql, int params) {
  const auto known = prepared_.find(sql);
  if (known != prepared_.end()) return known->second.c_str();
  static constexpr const char* kPreparable[] = {"SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WITH "};
  bool preparable = false;
  for (const char* start : kPreparable) preparable = preparable || sql.rfind(start, 0) == 0;
  if (!preparable || prepared_.size() >= kMaxPrepared) return nullptr;
  std::string name = "appnotify_" + std::to_string(prepared_.size());
  PGresult* result = PQprepare(connection_, name.c_str(), sql.c_str(), params, nullptr);
  const bool ok = result && PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
  if (!ok) return nullptr;  // run unnamed: the same error comes back with the statement's own result
  return prepared_.emplace(sql, std::move(name)).first->second.c_str();
}

bool PgConnection::set_statement_timeout(std::chrono::milliseconds timeout) {
  return exec("SET statement_timeout = " + std::to_string(timeout.count()));
}

bool PgConnection::broken() const { return PQstatus(connection_) != CONNECTION_OK; }

int PgConnection::wait_for_notifications(std::chrono::milliseconds timeout) {
  auto take = [this] {
    int count = 0;
    while (PGnotify* notice = PQnotifies(connection_)) {
      PQfreemem(notice);
      ++count;
    }
    return count;
  };
  if (int already = take()) return already;
  pollfd watched{PQsocket(connection_), POLLIN, 0};
  if (watched.fd < 0) return -1;
  const int ready = poll(&watched, 1, static_cast<int>(timeout.count()));
  if (ready < 0) return 0;  // interrupted: the caller waits again
  if (ready == 0) return 0;
  if (!PQconsumeInput(connection_) || broken()) return -1;
  return take();
}

std::string PgConnection::last_error() const { return trimmed(PQerrorMessage(connection_)); }

std::string numbered_placeholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += "$" + std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace appnotify::server
