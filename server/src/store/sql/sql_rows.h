// The rows of the SQL store: its column lists, reading and writing a record and a user, the change
// events of a transaction and their ids, and the checks after a read. Shared by the sql_*_impl.h
// files; templates over the Flavor's connection (sql_store.h).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "base/metrics.h"
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

// kColumns, each as `prefix` + column + `suffix`: "n.id, n.owner, ..." or "id = ?, owner = ?, ...".
inline std::string each_column(const std::string& prefix, const std::string& suffix = "") {
  std::string out;
  std::string columns = kColumns;
  std::size_t begin = 0;
  while (begin < columns.size()) {
    std::size_t end = columns.find(", ", begin);
    if (end == std::string::npos) end = columns.size();
    out += (out.empty() ? "" : ", ") + prefix + columns.substr(begin, end - begin) + suffix;
    begin = end + 2;
  }
  return out;
}

// The record from kColumns, starting at column `at` of the row.
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

// Binds the record's columns in kColumns' order, from placeholder 1.
template <typename Statement>
Statement& bind_record(Statement& statement, const StoredNotification& n) {
  return statement.bind(1, n.id)
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
      .bind(14, n.version);
}

template <typename Db>
bool insert_record(Db& db, const StoredNotification& n, bool unless_id_exists = false) {
  auto insert = db.prepare(std::string("INSERT INTO notifications (") + kColumns +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
                           (unless_id_exists ? " ON CONFLICT (id) DO NOTHING" : ""));
  return bind_record(insert, n).done();
}

// Writes every column of the record with its id (createdon and createdby as the caller kept them).
template <typename Db>
bool update_record(Db& db, const StoredNotification& n) {
  auto update = db.prepare("UPDATE notifications SET " + each_column("", " = ?") + " WHERE id = ?");
  return bind_record(update, n).bind(15, n.id).done();
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
  if (statement.done()) return;
  if (db.timed_out()) {
    Metrics::process().count("appnotify_db_statement_timeouts_total");
    throw StatementTimeout("a read ran past its deadline: " + db.last_error());
  }
  throw StoreUnavailable("a read failed: " + db.last_error());
}

// Every row a read statement answers, each as `read` makes it; throws as throw_unless_read.
template <typename Statement, typename Db, typename Read>
auto collect_rows(Statement& rows, Db& db, Read read) {
  std::vector<decltype(read(rows))> out;
  while (rows.step()) out.push_back(read(rows));
  throw_unless_read(rows, db);
  return out;
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

}  // namespace appnotify::server
