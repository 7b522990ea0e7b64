// The public keys of an identity provider, read from a JSON Web Key Set (RFC 7517): RSA keys
// (kty RSA, 2048 bits or more), P-256 keys (kty EC, crv P-256) and Ed25519 keys (kty OKP, crv
// Ed25519), turned into OpenSSL keys once, when the set is read. Keys of other types, encryption
// keys (use "enc") and keys whose numbers are not a valid public key are left out, each with a
// note that says why, so one odd key never hides the others.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace appnotify::server {

enum class KeyType { Rsa, EcP256, Ed25519 };

struct PublicKey {
  std::string kid;  // "" when the key has none
  KeyType type = KeyType::Rsa;
  std::string alg;  // the key's own "alg", or "" (then any algorithm of its type)
  std::shared_ptr<EVP_PKEY> key;
};

struct JwkSet {
  std::vector<PublicKey> keys;
  std::vector<std::string> notes;  // keys left out, and why

  const PublicKey* find(const std::string& kid) const;
};

// Parses a JWKS document; nullopt and `error` when it is not one ({"keys": [...]}).
std::optional<JwkSet> parse_jwk_set(const std::string& json, std::string& error);

}  // namespace appnotify::server
