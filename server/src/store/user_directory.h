// The users: who a static token or a JWT's claim names, and the administrators' changes, which
// every instance sees through users_version().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace appnotify::server {

class UserDirectory {
 public:
  virtual ~UserDirectory() = default;

  virtual std::optional<User> user_by_token_hash(const std::string& token_hash) = 0;
  virtual std::optional<User> user_by_id(const std::string& id) = 0;
  // `token_hash` may be "" for a user who signs in only with the identity provider's tokens.
  virtual bool add_user(const User& user, const std::string& token_hash, std::int64_t now_ms) = 0;
  virtual std::vector<User> list_users() = 0;
  // Applies an administrator's change (ReplaceToken stores `token_hash`, and the old token stops
  // working); NotFound when no user has the id. Every change moves users_version().
  virtual WriteStatus change_user(const std::string& id, UserChange change, const std::string& token_hash) = 0;
  // The user a first valid JWT names: created when absent (no static token), renamed when `user.name`
  // differs. Answers the stored user, or nullopt when it could not be written.
  virtual std::optional<User> provision_user(const User& user, std::int64_t now_ms) = 0;
  // A number that every administrator's change moves, on every instance that shares the database:
  // servers watch it to drop cached credentials and close the streams of disabled users.
  virtual std::int64_t users_version() = 0;
  virtual std::string organization_id() = 0;
};

}  // namespace appnotify::server
