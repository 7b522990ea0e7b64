#include "auth/jwk_set.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <nlohmann/json.hpp>

#include "base/crypto.h"

namespace appnotify::server {
namespace {

using Json = nlohmann::json;

struct ParamBuild {
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  std::vector<BIGNUM*> numbers;
  ~ParamBuild() {
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    for (BIGNUM* n : numbers) BN_free(n);
  }
  bool push_number(const char* name, const std::string& big_endian) {
    BIGNUM* n = BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                          static_cast<int>(big_endian.size()), nullptr);
    if (!n) return false;
    numbers.push_back(n);
    return OSSL_PARAM_BLD_push_BN(bld, name, n) == 1;
  }
};

// A public key from OpenSSL parameters, checked (for EC: the point is on the curve).
std::shared_ptr<EVP_PKEY> from_params(const char* type, OSSL_PARAM* params) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  const bool made =
      ctx && EVP_PKEY_fromdata_init(ctx) == 1 && EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!made) return nullptr;
  EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  const bool valid = check && EVP_PKEY_public_check(check) == 1;
  EVP_PKEY_CTX_free(check);
  if (!valid) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

// A member that must be a string: "" when it is missing or anything else (json::value would throw).
std::string member_text(const Json& jwk, const char* name) {
  return jwk.contains(name) && jwk[name].is_string() ? jwk[name].get<std::string>() : "";
}

std::optional<std::string> member_bytes(const Json& jwk, const char* name) {
  if (!jwk.contains(name) || !jwk[name].is_string()) return std::nullopt;
  return base64url_decode(jwk[name].get<std::string>());
}

// The key, or nullptr with `why`.
std::shared_ptr<EVP_PKEY> read_key(const Json& jwk, KeyType& type, std::string& why) {
  const std::string kty = member_text(jwk, "kty");
  if (kty == "RSA") {
    type = KeyType::Rsa;
    const auto n = member_bytes(jwk, "n"), e = member_bytes(jwk, "e");
    if (!n || !e || n->empty() || e->empty()) return why = "an RSA key needs n and e in base64url", nullptr;
    ParamBuild build;
    if (!build.bld || !build.push_number(OSSL_PKEY_PARAM_RSA_N, *n) || !build.push_number(OSSL_PKEY_PARAM_RSA_E, *e) ||
        !(build.params = OSSL_PARAM_BLD_to_param(build.bld))) {
      return why = "its RSA numbers could not be read", nullptr;
    }
    std::shared_ptr<EVP_PKEY> key = from_params("RSA", build.params);
    if (!key) return why = "it is not a valid RSA public key", nullptr;
    if (EVP_PKEY_get_bits(key.get()) < 2048) return why = "RSA keys under 2048 bits are refused", nullptr;
    return key;
  }
  if (kty == "EC") {
    type = KeyType::EcP256;
    if (member_text(jwk, "crv") != "P-256") return why = "only the P-256 curve is accepted for EC keys", nullptr;
    const auto x = member_bytes(jwk, "x"), y = member_bytes(jwk, "y");
    if (!x || !y || x->size() != 32 || y->size() != 32) return why = "a P-256 key needs 32-byte x and y", nullptr;
    const std::string point = "\x04" + *x + *y;
    ParamBuild build;
    char group[] = "prime256v1";
    if (!build.bld || OSSL_PARAM_BLD_push_utf8_string(build.bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(build.bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1 ||
        !(build.params = OSSL_PARAM_BLD_to_param(build.bld))) {
      return why = "its EC point could not be read", nullptr;
    }
    std::shared_ptr<EVP_PKEY> key = from_params("EC", build.params);
    if (!key) return why = "its point is not on the P-256 curve", nullptr;
    return key;
  }
  if (kty == "OKP") {
    type = KeyType::Ed25519;
    if (member_text(jwk, "crv") != "Ed25519") return why = "only Ed25519 is accepted for OKP keys", nullptr;
    const auto x = member_bytes(jwk, "x");
    if (!x || x->size() != 32) return why = "an Ed25519 key needs a 32-byte x", nullptr;
    EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                reinterpret_cast<const unsigned char*>(x->data()), x->size());
    if (!key) return why = "it is not a valid Ed25519 public key", nullptr;
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
  }
  why = kty.empty() ? "it has no kty" : "key type \"" + kty + "\" is not supported";
  return nullptr;
}

}  // namespace

const PublicKey* JwkSet::find(const std::string& kid) const {
  for (const PublicKey& key : keys) {
    if (key.kid == kid) return &key;
  }
  return nullptr;
}

std::optional<JwkSet> parse_jwk_set(const std::string& json, std::string& error) {
  const Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    error = "not a JSON Web Key Set: expected {\"keys\": [...]}";
    return std::nullopt;
  }
  JwkSet set;
  std::size_t index = 0;
  for (const Json& jwk : doc["keys"]) {
    const std::string label = "key " + std::to_string(index++);
    if (!jwk.is_object()) {
      set.notes.push_back(label + " left out: not an object");
      continue;
    }
    PublicKey key;
    key.kid = member_text(jwk, "kid");
    key.alg = member_text(jwk, "alg");
    const std::string name = key.kid.empty() ? label : label + " (kid \"" + key.kid + "\")";
    if (jwk.contains("use") && jwk["use"] != "sig") {
      set.notes.push_back(name + " left out: not a signing key (use is not \"sig\")");
      continue;
    }
    std::string why;
    key.key = read_key(jwk, key.type, why);
    if (!key.key) {
      set.notes.push_back(name + " left out: " + why);
      continue;
    }
    set.keys.push_back(std::move(key));
  }
  return set;
}

}  // namespace appnotify::server
