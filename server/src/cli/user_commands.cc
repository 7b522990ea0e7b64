// appnotifyd user add|list|disable|enable|token|grant-send|revoke-send: the administration of a
// database's users. Changes reach running servers that share the database within a second (they
// watch Store::users_version()).
#include <iostream>
#include <nlohmann/json.hpp>

#include "appnotify/guid.h"
#include "appnotify/timestamp.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/random_ids.h"
#include "cli/commands.h"
#include "store/open_store.h"

namespace appnotify::server {
namespace {

int misused(const std::string& command, const std::string& message) {
  std::cerr << "appnotifyd user " << command << ": " << message << "\n(see appnotifyd user " << command << " --help)\n";
  return 2;
}

int failed(const std::string& command, const std::string& message) {
  std::cerr << "appnotifyd user " << command << ": " << message << "\n";
  return 1;
}

void print_token(const std::string& id, const std::string& token) {
  std::cout << nlohmann::json({{"systemuserid", id}, {"token", token}}).dump() << std::endl;
}

int add(UserDirectory& store, const UserArguments& a) {
  User user;
  user.id = a.id.empty() ? random_guid() : parse_guid(a.id).value_or("");
  if (user.id.empty()) return misused("add", "--id takes a GUID such as 6f9619ff-8b86-d011-b42d-00c04fc964ff");
  user.name = a.name;
  user.can_send = a.can_send;
  if (!a.issuer.empty()) user.issuer = a.issuer;
  if (store.user_by_id(user.id)) return failed("add", "a user with the systemuserid " + user.id + " exists already");
  const std::string token = random_token();
  if (!store.add_user(user, sha256_hex(token), Clock().now_ms())) return failed("add", "could not add the user");
  print_token(user.id, token);
  return 0;
}

int list(UserDirectory& store) {
  for (const User& user : store.list_users()) {
    nlohmann::ordered_json line = {{"systemuserid", user.id},
                                   {"name", user.name},
                                   {"canSend", user.can_send},
                                   {"disabled", user.disabled},
                                   {"staticToken", user.has_token},
                                   {"issuer", nullptr},
                                   {"createdon", format_timestamp(user.created_ms)}};
    if (user.issuer) line["issuer"] = *user.issuer;
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

int change(UserDirectory& store, const UserArguments& a) {
  const std::optional<std::string> id = parse_guid(a.id);
  if (!id) return misused(a.command, "--id takes a GUID such as 6f9619ff-8b86-d011-b42d-00c04fc964ff");
  const UserChange kind = a.command == "disable"       ? UserChange::Disable
                          : a.command == "enable"      ? UserChange::Enable
                          : a.command == "grant-send"  ? UserChange::GrantSend
                          : a.command == "revoke-send" ? UserChange::RevokeSend
                                                       : UserChange::ReplaceToken;
  const std::string token = kind == UserChange::ReplaceToken ? random_token() : "";
  switch (store.change_user(*id, kind, token.empty() ? "" : sha256_hex(token))) {
    case WriteStatus::Ok: break;
    case WriteStatus::NotFound: return failed(a.command, "no user has the systemuserid " + *id);
    default: return failed(a.command, "the change could not be stored");
  }
  if (!token.empty()) print_token(*id, token);
  return 0;
}

}  // namespace

int run_user_command(const UserArguments& a) {
  std::string error;
  auto store = open_store(a.db, error);
  if (!store) return failed(a.command, "cannot open " + a.db + ": " + error);
  try {
    if (a.command == "add") return add(*store, a);
    if (a.command == "list") return list(*store);
    return change(*store, a);
  } catch (const StoreUnavailable& e) {
    return failed(a.command, e.what());
  }
}

}  // namespace appnotify::server
