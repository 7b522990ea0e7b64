// Verifies a bearer JWT (JWS compact serialization) from one OpenID Connect issuer: the signature
// with OpenSSL against the issuer's keys (jwk_set.h), then iss, aud, exp, nbf and iat, then reads
// who the token speaks for. Pure: the keys and the time are arguments.
//
// Algorithms come from an allow-list (RS256, PS256, ES256, EdDSA by default), never from the token
// alone: "none", any HMAC algorithm and a key whose type does not fit the algorithm are refused.
// Every refusal has a stable code ("auth.jwt.expired", ...) and a message that names the check that
// failed, and never echoes the token.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jwk_set.h"

namespace appnotify::server {

struct JwtPolicy {
  std::string issuer;                  // "iss" must equal it
  std::vector<std::string> audiences;  // "aud" (a string or an array) must hold one of them
  std::int64_t leeway_seconds = 60;    // allowed clock skew for exp, nbf and iat
  std::string user_claim = "oid";      // the claim that names the user
  bool fall_back_to_sub = true;        // when user_claim is absent, "sub" names the user
  std::string send_role = "appnotify.send";
  std::set<std::string> algorithms = {"RS256", "PS256", "ES256", "EdDSA"};
  std::size_t max_token_bytes = 12 * 1024;  // under the 16 KiB header limit; Entra ID tokens with 200 groups fit
};

// Who a verified token speaks for.
struct JwtIdentity {
  std::string issuer;
  std::string user;             // the user claim's value; "" for an application principal
  std::string name;             // "name", else "preferred_username", else ""
  bool can_send = false;        // "roles" holds the send role
  bool application = false;     // a client-credentials token: no user, the send role
  std::string application_id;   // "azp", else "appid", else "client_id" (applications only)
  std::int64_t expires_ms = 0;  // "exp" plus the leeway: after it the token is refused
};

struct JwtCheck {
  std::optional<JwtIdentity> identity;  // set when the token is valid
  std::string code;                     // else why not, e.g. "auth.jwt.bad_signature"
  std::string message;
  bool unknown_kid = false;  // the token names a key the set does not have (time to fetch the set again)
};

// `now_ms`: the current time in milliseconds since the epoch.
JwtCheck verify_jwt(std::string_view token, const JwtPolicy& policy, const JwkSet& keys, std::int64_t now_ms);

// Whether `token` is meant as a JWT (it has a dot): static tokens (hex digits) never do.
bool looks_like_jwt(std::string_view token);

}  // namespace appnotify::server
