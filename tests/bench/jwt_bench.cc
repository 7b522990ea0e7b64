// How long the verifier takes for one token it has not seen before, per algorithm (the server
// caches verdicts, so a page's repeated token costs this once). Keys are made here with OpenSSL;
// tokens carry an Entra ID-sized set of claims. Prints {"RS256": {"microseconds": ...}, ...}.
//   appnotify_jwt_bench SECONDS_PER_ALGORITHM
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/jwk_set.h"
#include "auth/jwt_verifier.h"
#include "base/crypto.h"

namespace {

using namespace appnotify::server;
using Key = std::shared_ptr<EVP_PKEY>;

Key generate(const char* type) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx) != 1) std::abort();
  if (std::string(type) == "RSA") EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048);
  if (std::string(type) == "EC") EVP_PKEY_CTX_set_group_name(ctx, "prime256v1");
  if (EVP_PKEY_keygen(ctx, &key) != 1) std::abort();
  EVP_PKEY_CTX_free(ctx);
  return Key(key, EVP_PKEY_free);
}

std::string sign(const std::string& alg, EVP_PKEY* key, const std::string& text) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestSignInit(ctx, &pctx, alg == "EdDSA" ? nullptr : EVP_sha256(), nullptr, key) != 1) std::abort();
  if (alg == "PS256") {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
  }
  std::size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  EVP_DigestSign(ctx, nullptr, &size, data, text.size());
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &size, data, text.size()) != 1) {
    std::abort();
  }
  EVP_MD_CTX_free(ctx);
  signature.resize(size);
  if (alg != "ES256") return signature;
  // DER to JOSE's r || s.
  const unsigned char* der = reinterpret_cast<const unsigned char*>(signature.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  ECDSA_SIG_free(sig);
  return raw;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  JwtPolicy policy;
  policy.issuer = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
  policy.audiences = {"6e74172b-be56-4843-9ff4-e66a39bb12e3"};
  constexpr std::int64_t kNow = 1795780800000;
  const nlohmann::json claims = {{"aud", policy.audiences[0]},
                                 {"iss", policy.issuer},
                                 {"iat", kNow / 1000},
                                 {"nbf", kNow / 1000},
                                 {"exp", kNow / 1000 + 3600},
                                 {"aio", std::string(120, 'A')},
                                 {"azp", "0a1b2c3d-0000-4000-8000-000000000000"},
                                 {"name", "Alice Example"},
                                 {"oid", "0e5ec0de-0000-4000-8000-00000000a11c"},
                                 {"preferred_username", "alice@contoso.example"},
                                 {"rh", std::string(60, 'r')},
                                 {"roles", {"appnotify.send"}},
                                 {"scp", "access_as_user"},
                                 {"sub", std::string(43, 's')},
                                 {"tid", "72f988bf-86f1-41af-91ab-2d7cd011db47"},
                                 {"uti", std::string(22, 'u')},
                                 {"ver", "2.0"}};
  const std::pair<const char*, const char*> algorithms[] = {
      {"RS256", "RSA"}, {"PS256", "RSA"}, {"ES256", "EC"}, {"EdDSA", "ED25519"}};
  nlohmann::ordered_json out;
  for (const auto& [alg, type] : algorithms) {
    const Key key = generate(type);
    JwkSet keys;
    keys.keys.push_back(PublicKey{"k",
                                  std::string(type) == "RSA"  ? KeyType::Rsa
                                  : std::string(type) == "EC" ? KeyType::EcP256
                                                              : KeyType::Ed25519,
                                  "", key});
    const std::string part = base64url_encode(nlohmann::json({{"alg", alg}, {"kid", "k"}, {"typ", "JWT"}}).dump()) +
                             "." + base64url_encode(claims.dump());
    const std::string token = part + "." + base64url_encode(sign(alg, key.get(), part));
    if (!verify_jwt(token, policy, keys, kNow).identity) std::abort();
    std::int64_t count = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < seconds) {
      for (int i = 0; i < 50; ++i) count += verify_jwt(token, policy, keys, kNow).identity ? 1 : 0;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    out[alg] = {{"microseconds", 1e6 * elapsed / static_cast<double>(count)}, {"tokenBytes", token.size()}};
  }
  std::cout << out.dump() << std::endl;
  return 0;
}
