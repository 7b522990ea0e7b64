// The Authenticator's verdict cache against a real SQLite store: a verdict made from the users as
// they were before an administrator's change must not be cached after forget_cached() (the users'
// watch) has run, or the disabled user gets in again until the next change.
#include "auth/authenticator.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "base/crypto.h"
#include "store/sqlite/sqlite_store.h"

namespace appnotify::server {
namespace {

// The real store, except that the first token lookup is overtaken by an administrator disabling
// the user, and the users' watch dropping the cache, before its (now stale) answer comes back.
class OvertakenDirectory : public UserDirectory {
 public:
  explicit OvertakenDirectory(SqliteStore& store) : store_(store) {}
  Authenticator* authenticator = nullptr;

  std::optional<User> user_by_token_hash(const std::string& token_hash) override {
    std::optional<User> found = store_.user_by_token_hash(token_hash);
    if (!overtaken_ && found) {
      overtaken_ = true;
      EXPECT_EQ(store_.change_user(found->id, UserChange::Disable, ""), WriteStatus::Ok);
      authenticator->forget_cached();
    }
    return found;
  }
  std::optional<User> user_by_id(const std::string& id) override { return store_.user_by_id(id); }
  bool add_user(const User& user, const std::string& hash, std::int64_t now) override {
    return store_.add_user(user, hash, now);
  }
  std::vector<User> list_users() override { return store_.list_users(); }
  WriteStatus change_user(const std::string& id, UserChange change, const std::string& hash) override {
    return store_.change_user(id, change, hash);
  }
  std::optional<User> provision_user(const User& user, std::int64_t now) override {
    return store_.provision_user(user, now);
  }
  std::int64_t users_version() override { return store_.users_version(); }
  std::string organization_id() override { return store_.organization_id(); }

 private:
  SqliteStore& store_;
  bool overtaken_ = false;
};

TEST(Authenticator, AVerdictOvertakenByAnAdministratorsChangeIsNotCached) {
  const std::string path = ::testing::TempDir() + "authenticator_test_" + random_hex(8) + ".db";
  std::string error;
  std::unique_ptr<SqliteStore> store = SqliteStore::open(path, error);
  ASSERT_TRUE(store) << error;
  const std::string token = random_hex(16);
  User user;
  user.id = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
  user.name = "Overtaken";
  ASSERT_TRUE(store->add_user(user, sha256_hex(token), 0));

  OvertakenDirectory directory(*store);
  Clock clock;
  Authenticator authenticator(directory, clock, std::nullopt);
  directory.authenticator = &authenticator;

  // The lookup read the user enabled; the change landed meanwhile. This one request may pass (it
  // was in flight before the change), but its verdict must not outlive the change.
  EXPECT_TRUE(authenticator.authenticate("Bearer " + token).principal.has_value());
  const AuthResult after = authenticator.authenticate("Bearer " + token);
  EXPECT_FALSE(after.principal.has_value());
  EXPECT_EQ(after.code, "auth.user_disabled");

  store->drain();
  store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

}  // namespace
}  // namespace appnotify::server
