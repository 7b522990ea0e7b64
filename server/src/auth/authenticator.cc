#include "auth/authenticator.h"

#include <cctype>

#include "appnotify/guid.h"
#include "base/crypto.h"

namespace appnotify::server {
namespace {

constexpr std::size_t kMaxCached = 100000;  // a cache, not a registry: cleared when full
constexpr const char* kUnknownKid = "auth.jwt.unknown_kid";

AuthResult refuse(std::string code, std::string message) {
  return AuthResult{std::nullopt, std::move(code), std::move(message)};
}

AuthResult refuse_disabled() {
  return refuse("auth.user_disabled", "This user is disabled; an administrator can enable them.");
}

}  // namespace

Authenticator::Authenticator(UserDirectory& users, Clock& clock, std::optional<JwtSettings> jwt)
    : users_(users), clock_(clock), jwt_(std::move(jwt)) {}

void Authenticator::forget_cached() {
  std::lock_guard<std::mutex> lock(mutex_);
  cache_.clear();
  ++epoch_;
}

void Authenticator::remember(const std::string& digest, const Principal& principal, std::uint64_t generation,
                             std::uint64_t epoch) {
  std::lock_guard<std::mutex> lock(mutex_);
  // The users changed while this verdict was being made: it may be of before the change.
  if (epoch != epoch_) return;
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_[digest] = Cached{principal, generation};
}

AuthResult Authenticator::authenticate(const std::string& authorization) {
  if (authorization.empty()) {
    return refuse("auth.missing_token", "Send the API token as \"Authorization: Bearer <token>\".");
  }
  std::string scheme = authorization.substr(0, 7);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (authorization.size() < 8 || scheme != "bearer ") {
    return refuse("auth.invalid_token", "The Authorization header must be \"Bearer <token>\".");
  }
  const std::string token = authorization.substr(7);
  const bool jwt = looks_like_jwt(token);
  const std::int64_t now = clock_.now_ms();
  // A changed JWKS file is read here, so that its keys' verdicts are not taken from the cache.
  const std::uint64_t generation = jwt && jwt_ ? (jwt_->keys->keys(now), jwt_->keys->generation()) : 0;
  const std::string digest = sha256_bytes(token);
  std::uint64_t epoch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    epoch = epoch_;
    const auto found = cache_.find(digest);
    if (found != cache_.end() && found->second.keys_generation == generation &&
        now <= found->second.principal.valid_until_ms) {
      return AuthResult{found->second.principal, "", ""};
    }
  }
  AuthResult result = jwt ? jwt_token(token, now) : static_token(token);
  if (result.principal) remember(digest, *result.principal, generation, epoch);
  return result;
}

bool Authenticator::should_wait(const AuthResult& result) {
  return !result.principal && result.code == kUnknownKid && jwt_ && jwt_->keys->fetching();
}

void Authenticator::when_keys_fetched(std::function<void()> then) {
  if (!jwt_) return then();
  jwt_->keys->when_fetched(std::move(then));
}

AuthResult Authenticator::static_token(const std::string& token) {
  const std::optional<User> user = users_.user_by_token_hash(sha256_hex(token));
  if (!user) return refuse("auth.invalid_token", "The bearer token is not valid.");
  if (user->disabled) return refuse_disabled();
  return AuthResult{Principal{user->id, user->name, user->can_send, false, INT64_MAX}, "", ""};
}

AuthResult Authenticator::jwt_token(const std::string& token, std::int64_t now_ms) {
  if (!jwt_) {
    return refuse(
        "auth.jwt.not_configured",
        "This appnotifyd accepts no JWTs: it was started without --jwt-issuer, --jwt-audience and --jwt-jwks.");
  }
  const JwtCheck check = verify_jwt(token, jwt_->policy, *jwt_->keys->keys(now_ms), now_ms);
  // A rotated key, maybe: fetched in the background, and the request waits for it (should_wait).
  if (check.unknown_kid) jwt_->keys->refresh_for_unknown_kid(now_ms);
  if (!check.identity) return refuse(check.code, check.message);
  return principal_for(*check.identity, now_ms);
}

AuthResult Authenticator::principal_for(const JwtIdentity& identity, std::int64_t now_ms) {
  const std::string& issuer = identity.issuer;
  if (identity.application) {
    const std::string id = *uuid_v5(kJwtUserNamespace, issuer + "#app:" + identity.application_id);
    return AuthResult{Principal{id, identity.application_id, true, true, identity.expires_ms}, "", ""};
  }
  const std::optional<std::string> guid = parse_guid(identity.user);
  const std::string id = guid ? *guid : *uuid_v5(kJwtUserNamespace, issuer + "#" + identity.user);
  const std::string name = identity.name.empty() ? identity.user : identity.name;
  std::optional<User> user = users_.user_by_id(id);
  if (user && user->issuer != issuer) {
    return refuse("auth.jwt.user_conflict", "The systemuserid " + id +
                                                " belongs to a user who does not sign in with this issuer; an "
                                                "administrator can link them with user add --id --issuer.");
  }
  if (!user || user->name != name) {
    User wanted;
    wanted.id = id;
    wanted.name = name;
    wanted.issuer = issuer;
    user = users_.provision_user(wanted, now_ms);
    if (!user) return refuse("auth.unavailable", "The user could not be stored; try again.");
  }
  if (user->disabled) return refuse_disabled();
  return AuthResult{Principal{id, user->name, identity.can_send || user->can_send, false, identity.expires_ms}, "", ""};
}

}  // namespace appnotify::server
