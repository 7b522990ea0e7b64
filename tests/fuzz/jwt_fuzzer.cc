// libFuzzer target for the JWT verifier and the JWKS reader. The first byte picks what the rest is:
//   0: a bearer token, verified against keys of every type: it must never be accepted (nobody but
//      this file holds the private keys, and the fuzzer only mutates bytes), and every refusal has
//      a code;
//   1: a JWKS document: read without crashing, and every key it yields has a key;
//   2: "<header JSON>\n<claims JSON>", signed here with the Ed25519 key, so the checks after the
//      signature (alg, kid, iss, aud, exp, nbf, iat, the user) see arbitrary JSON: what passes is
//      from the trusted issuer, for the audience, and not expired.
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "auth/jwk_set.h"
#include "auth/jwt_verifier.h"
#include "base/crypto.h"

namespace {

using namespace appnotify::server;

constexpr std::int64_t kNow = 1795780800000;  // 2026-11-27T12:00:00Z
constexpr unsigned char kEd25519Seed[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

std::shared_ptr<EVP_PKEY> generate(const char* type, int rsa_bits = 0) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx) != 1) std::abort();
  if (rsa_bits && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, rsa_bits) != 1) std::abort();
  if (std::string(type) == "EC" && EVP_PKEY_CTX_set_group_name(ctx, "prime256v1") != 1) std::abort();
  if (EVP_PKEY_keygen(ctx, &key) != 1) std::abort();
  EVP_PKEY_CTX_free(ctx);
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

struct World {
  JwtPolicy policy;
  JwkSet keys;
  std::shared_ptr<EVP_PKEY> ed25519;

  World() {
    policy.issuer = "https://issuer.example/";
    policy.audiences = {"api://appnotify"};
    EVP_PKEY* ed = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, kEd25519Seed, sizeof kEd25519Seed);
    if (!ed) std::abort();
    ed25519 = std::shared_ptr<EVP_PKEY>(ed, EVP_PKEY_free);
    keys.keys = {PublicKey{"rsa", KeyType::Rsa, "", generate("RSA", 2048)},
                 PublicKey{"ps", KeyType::Rsa, "PS256", generate("RSA", 2048)},
                 PublicKey{"ec", KeyType::EcP256, "ES256", generate("EC")},
                 PublicKey{"ed", KeyType::Ed25519, "EdDSA", ed25519}};
  }
};

World& world() {
  static World instance;
  return instance;
}

std::string sign_ed25519(EVP_PKEY* key, const std::string& text) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t size = 64;
  std::string signature(size, '\0');
  if (!ctx || EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key) != 1 ||
      EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1) {
    std::abort();
  }
  EVP_MD_CTX_free(ctx);
  return signature;
}

void check_refusal(const JwtCheck& check) {
  if (check.identity) return;
  if (check.code.rfind("auth.jwt.", 0) != 0 || check.message.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  World& w = world();
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      const JwtCheck check = verify_jwt(rest, w.policy, w.keys, kNow);
      if (check.identity) std::abort();  // a forgery
      check_refusal(check);
      break;
    }
    case 1: {
      std::string error;
      const std::optional<JwkSet> set = parse_jwk_set(rest, error);
      if (!set && error.empty()) std::abort();
      if (set) {
        for (const PublicKey& key : set->keys) {
          if (!key.key) std::abort();
        }
      }
      break;
    }
    default: {
      const std::size_t newline = rest.find('\n');
      if (newline == std::string::npos) return 0;
      const std::string signed_part =
          base64url_encode(rest.substr(0, newline)) + "." + base64url_encode(rest.substr(newline + 1));
      const std::string token = signed_part + "." + base64url_encode(sign_ed25519(w.ed25519.get(), signed_part));
      const JwtCheck check = verify_jwt(token, w.policy, w.keys, kNow);
      check_refusal(check);
      if (check.identity && (check.identity->issuer != w.policy.issuer || check.identity->expires_ms < kNow ||
                             (check.identity->application && !check.identity->can_send))) {
        std::abort();
      }
    }
  }
  return 0;
}
