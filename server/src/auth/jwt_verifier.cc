#include "auth/jwt_verifier.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/crypto.h"

namespace appnotify::server {
namespace {

using Json = nlohmann::json;

JwtCheck refuse(std::string code, std::string message) {
  JwtCheck check;
  check.code = std::move(code);
  check.message = std::move(message);
  return check;
}

KeyType key_type_for(const std::string& alg) {
  if (alg == "ES256") return KeyType::EcP256;
  if (alg == "EdDSA") return KeyType::Ed25519;
  return KeyType::Rsa;
}

// JOSE writes an ECDSA signature as r || s (32 bytes each); OpenSSL verifies DER.
std::optional<std::string> ecdsa_der(const std::string& raw) {
  if (raw.size() != 64) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int size = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (size <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return out;
}

bool signature_valid(const std::string& alg, EVP_PKEY* key, std::string_view signed_part, std::string signature) {
  if (alg == "ES256") {
    std::optional<std::string> der = ecdsa_der(signature);
    if (!der) return false;
    signature = std::move(*der);
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pkey_ctx = nullptr;
  const EVP_MD* md = alg == "EdDSA" ? nullptr : EVP_sha256();
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pkey_ctx, md, nullptr, key) != 1) return false;
  if (alg == "PS256" && (EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                         EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, RSA_PSS_SALTLEN_DIGEST) != 1)) {
    return false;
  }
  if (alg == "RS256" && EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PADDING) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
}

// A NumericDate claim in seconds, or nullopt when absent; `bad` when present but not a number.
std::optional<double> numeric_date(const Json& claims, const char* name, bool& bad) {
  if (!claims.contains(name)) return std::nullopt;
  const Json& value = claims[name];
  if (!value.is_number() || !std::isfinite(value.get<double>())) {
    bad = true;
    return std::nullopt;
  }
  return value.get<double>();
}

std::string string_claim(const Json& claims, const char* name) {
  return claims.contains(name) && claims[name].is_string() ? claims[name].get<std::string>() : "";
}

}  // namespace

bool looks_like_jwt(std::string_view token) { return token.find('.') != std::string_view::npos; }

JwtCheck verify_jwt(std::string_view token, const JwtPolicy& policy, const JwkSet& keys, std::int64_t now_ms) {
  if (token.size() > policy.max_token_bytes) {
    return refuse("auth.jwt.too_large",
                  "The token is larger than " + std::to_string(policy.max_token_bytes) + " bytes.");
  }
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    std::size_t dots = 0;
    for (char c : token) dots += c == '.';
    if (dots == 4) return refuse("auth.jwt.encrypted", "Encrypted tokens (JWE) are not accepted; send a signed JWT.");
    return refuse("auth.jwt.malformed", "The token is not a JWT: expected three parts separated by dots.");
  }
  const std::optional<std::string> header_text = base64url_decode(token.substr(0, first));
  const std::optional<std::string> claims_text = base64url_decode(token.substr(first + 1, second - first - 1));
  const std::optional<std::string> signature = base64url_decode(token.substr(second + 1));
  if (!header_text || !claims_text || !signature) {
    return refuse("auth.jwt.malformed", "A part of the token is not base64url.");
  }
  const Json header = Json::parse(*header_text, nullptr, false);
  if (header.is_discarded() || !header.is_object()) {
    return refuse("auth.jwt.malformed", "The token's header is not a JSON object.");
  }
  if (!header.contains("alg") || !header["alg"].is_string()) {
    return refuse("auth.jwt.malformed", "The token's header has no \"alg\".");
  }
  const std::string alg = header["alg"].get<std::string>();
  if (alg == "none" || alg == "None" || alg == "NONE") {
    return refuse("auth.jwt.alg_none", "Unsigned tokens (alg \"none\") are refused.");
  }
  if (alg.rfind("HS", 0) == 0) {
    return refuse("auth.jwt.alg_hmac",
                  "HMAC-signed tokens (" + alg + ") are refused: the issuer must sign with a key pair.");
  }
  if (!policy.algorithms.count(alg)) {
    std::string allowed;
    for (const std::string& a : policy.algorithms) allowed += (allowed.empty() ? "" : ", ") + a;
    return refuse("auth.jwt.alg_not_allowed",
                  "The algorithm \"" + alg.substr(0, 20) + "\" is not allowed (allowed: " + allowed + ").");
  }
  if (header.contains("crit")) {
    return refuse("auth.jwt.malformed",
                  "The token's header has critical extensions (\"crit\"), which are not supported.");
  }
  const std::string kid = header.contains("kid") && header["kid"].is_string() ? header["kid"].get<std::string>() : "";
  const KeyType wanted = key_type_for(alg);
  const PublicKey* key = nullptr;
  if (!kid.empty()) {
    key = keys.find(kid);
    if (!key) {
      JwtCheck check = refuse("auth.jwt.unknown_kid", "No key of the issuer has the token's kid.");
      check.unknown_kid = true;
      return check;
    }
  } else {
    if (keys.keys.size() != 1) {
      return refuse("auth.jwt.kid_required", "The token has no kid and the issuer has " +
                                                 std::to_string(keys.keys.size()) + " keys: it must name one.");
    }
    key = &keys.keys.front();
  }
  if (key->type != wanted || (!key->alg.empty() && key->alg != alg)) {
    return refuse("auth.jwt.key_type", "The key the token names does not fit its algorithm " + alg + ".");
  }
  if (!signature_valid(alg, key->key.get(), token.substr(0, second), *signature)) {
    return refuse("auth.jwt.bad_signature", "The token's signature is not valid.");
  }

  const Json claims = Json::parse(*claims_text, nullptr, false);
  if (claims.is_discarded() || !claims.is_object()) {
    return refuse("auth.jwt.malformed", "The token's claims are not a JSON object.");
  }
  if (string_claim(claims, "iss") != policy.issuer) {
    return refuse("auth.jwt.issuer", "The token's issuer (iss) is not the one appnotifyd trusts.");
  }
  bool audience_ok = false;
  if (claims.contains("aud")) {
    const Json& aud = claims["aud"];
    const auto accepted = [&](const Json& value) {
      if (!value.is_string()) return false;
      for (const std::string& a : policy.audiences) {
        if (value.get<std::string>() == a) return true;
      }
      return false;
    };
    if (aud.is_array()) {
      for (const Json& value : aud) audience_ok = audience_ok || accepted(value);
    } else {
      audience_ok = accepted(aud);
    }
  }
  if (!audience_ok) return refuse("auth.jwt.audience", "The token is not meant for appnotifyd (aud).");
  bool bad_date = false;
  const std::optional<double> exp = numeric_date(claims, "exp", bad_date);
  const std::optional<double> nbf = numeric_date(claims, "nbf", bad_date);
  const std::optional<double> iat = numeric_date(claims, "iat", bad_date);
  if (bad_date) return refuse("auth.jwt.malformed", "exp, nbf and iat must be numbers of seconds.");
  const double now = static_cast<double>(now_ms) / 1000.0;
  const double leeway = static_cast<double>(policy.leeway_seconds);
  if (!exp) return refuse("auth.jwt.no_expiry", "The token has no expiry (exp).");
  if (now > *exp + leeway) return refuse("auth.jwt.expired", "The token has expired (exp).");
  if (nbf && now + leeway < *nbf) return refuse("auth.jwt.not_yet_valid", "The token is not valid yet (nbf).");
  if (iat && now + leeway < *iat)
    return refuse("auth.jwt.issued_in_future", "The token was issued in the future (iat).");

  JwtIdentity identity;
  identity.issuer = policy.issuer;
  identity.user = string_claim(claims, policy.user_claim.c_str());
  if (identity.user.empty() && policy.fall_back_to_sub) identity.user = string_claim(claims, "sub");
  identity.name = string_claim(claims, "name");
  if (identity.name.empty()) identity.name = string_claim(claims, "preferred_username");
  if (claims.contains("roles") && claims["roles"].is_array()) {
    for (const Json& role : claims["roles"]) identity.can_send = identity.can_send || role == policy.send_role;
  }
  // Entra ID marks an application's token with idtyp "app"; elsewhere it is a token without a user.
  identity.application = identity.user.empty() || string_claim(claims, "idtyp") == "app";
  if (identity.application) {
    if (!identity.can_send) {
      return refuse("auth.jwt.no_user", identity.user.empty()
                                            ? "The token names no user (" + policy.user_claim +
                                                  (policy.fall_back_to_sub ? " or sub" : "") +
                                                  ") and has not the role " + policy.send_role + "."
                                            : "An application's token needs the role " + policy.send_role + ".");
    }
    for (const char* name : {"azp", "appid", "client_id"}) {
      if (identity.application_id.empty()) identity.application_id = string_claim(claims, name);
    }
    if (identity.application_id.empty()) identity.application_id = identity.user;
    if (identity.application_id.empty()) {
      return refuse("auth.jwt.no_user", "An application's token must name the application (azp, appid or client_id).");
    }
    identity.user.clear();
  }
  identity.expires_ms = static_cast<std::int64_t>(std::min(*exp + leeway, 9.0e12) * 1000.0);  // 9e12 s: no overflow
  JwtCheck check;
  check.identity = std::move(identity);
  return check;
}

}  // namespace appnotify::server
