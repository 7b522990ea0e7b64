// SqlStore<Flavor>'s users (UserDirectory): look-ups by token hash and id, and the
// administrators' changes, each of which moves users_version.
// Included by sql_store_impl.h.
#pragma once

#include <memory>

#include "store/sql/sql_rows.h"

namespace appnotify::server {

template <typename Flavor>
std::optional<User> SqlStore<Flavor>::user_where(const char* column, const std::string& value) {
  return with_reader([&](Connection& db) -> std::optional<User> {
    auto row = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + column + " = ?");
    row.bind(1, value);
    if (!row.step()) {
      throw_unless_read(row, db);
      return std::nullopt;
    }
    return read_user(row);
  });
}

template <typename Flavor>
std::optional<User> SqlStore<Flavor>::user_by_token_hash(const std::string& token_hash) {
  return user_where("token_hash", token_hash);
}

template <typename Flavor>
std::optional<User> SqlStore<Flavor>::user_by_id(const std::string& id) {
  return user_where("systemuserid", id);
}

template <typename Flavor>
std::vector<User> SqlStore<Flavor>::list_users() {
  return with_reader([&](Connection& db) {
    auto rows = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY created_ms, systemuserid");
    return collect_rows(rows, db, [](auto& row) { return read_user(row); });
  });
}

template <typename Flavor>
std::int64_t SqlStore<Flavor>::users_version() {
  return read_number("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'users_version'");
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

}  // namespace appnotify::server
