// Who a request's bearer token speaks for: a static token (appnotifyd user add / user token,
// stored as a SHA-256 hash and looked up by it) or, when serve has --jwt-issuer, a JWT from that
// OpenID Connect provider (jwt_verifier.h), whose user is provisioned on first sight.
//
// Verdicts are cached in memory by the token's SHA-256 (a JWT's until it expires or the issuer's
// keys change), so a repeated token costs one hash and one lookup; forget_cached() drops them all
// when an administrator changed a user (the server watches Store::users_version()).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/jwks_source.h"
#include "auth/jwt_verifier.h"
#include "base/clock.h"
#include "store/user_directory.h"

namespace appnotify::server {

// The caller of a request.
struct Principal {
  std::string id;  // the systemuserid (for an application: a name-based id of issuer and client)
  std::string name;
  bool can_send = false;
  bool application = false;                 // a client-credentials token: sends, owns nothing
  std::int64_t valid_until_ms = INT64_MAX;  // a JWT's expiry (with the leeway)
};

struct AuthResult {
  std::optional<Principal> principal;
  std::string code;  // else: "auth.missing_token", "auth.invalid_token", "auth.jwt.expired", ...
  std::string message;
};

struct JwtSettings {
  JwtPolicy policy;
  std::unique_ptr<JwksSource> keys;
};

// The namespace of the name-based systemuserids of JWT users whose claim is not a GUID:
// uuid_v5(kJwtUserNamespace, issuer + "#" + value). Stable across restarts and instances.
inline constexpr const char* kJwtUserNamespace = "7c4fb1a1-3b8e-5c52-9d9e-6170706e6f74";

class Authenticator {
 public:
  // `jwt`: nullopt accepts static tokens only.
  Authenticator(UserDirectory& users, Clock& clock, std::optional<JwtSettings> jwt);

  // From the Authorization header's value ("Bearer <token>"). Never waits for the network.
  AuthResult authenticate(const std::string& authorization);
  // Whether a request refused with `result` should be tried again once the issuer's keys arrive:
  // its token names a kid the set lacks, and a fetch of the set is in flight.
  bool should_wait(const AuthResult& result);
  // Runs `then` when that fetch has ended, on the outbound client's thread (jwks_source.h).
  void when_keys_fetched(std::function<void()> then);
  void forget_cached();

  bool accepts_jwt() const { return jwt_.has_value(); }
  JwksSource* jwks() { return jwt_ ? jwt_->keys.get() : nullptr; }

 private:
  struct Cached {
    Principal principal;
    std::uint64_t keys_generation = 0;
  };
  AuthResult static_token(const std::string& token);
  AuthResult jwt_token(const std::string& token, std::int64_t now_ms);
  AuthResult principal_for(const JwtIdentity& identity, std::int64_t now_ms);
  void remember(const std::string& digest, const Principal& principal, std::uint64_t generation, std::uint64_t epoch);

  UserDirectory& users_;
  Clock& clock_;
  std::optional<JwtSettings> jwt_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;  // by SHA-256 of the token
  // Counts forget_cached(): a verdict read from the users before one is not cached after it.
  std::uint64_t epoch_ = 0;
};

}  // namespace appnotify::server
