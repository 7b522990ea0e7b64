// The server's authentication pieces natively: OpenSSL-backed helpers against published vectors,
// and the JWT verifier's time checks at their exact boundaries (the time is an argument).
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/jwk_set.h"
#include "auth/jwt_verifier.h"
#include "base/crypto.h"

namespace appnotify::server {
namespace {

TEST(Crypto, Sha256MatchesFips180Vector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_bytes("abc").size(), 32u);
}

TEST(Crypto, UuidV5MatchesRfc9562Vector) {
  // RFC 9562, appendix A.4: the DNS namespace and "www.example.com".
  EXPECT_EQ(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  EXPECT_EQ(uuid_v5("not a guid", "x"), std::nullopt);
}

TEST(Crypto, RandomHexIsFreshEachTime) {
  const std::string a = random_hex(32), b = random_hex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
}

TEST(Crypto, Base64urlEncodesWithoutPadding) {
  EXPECT_EQ(base64url_encode("{\"alg\":\"ES256\"}"), "eyJhbGciOiJFUzI1NiJ9");
  EXPECT_EQ(base64url_encode(std::string("\xff\xef")), "_-8");
  EXPECT_EQ(base64url_decode(base64url_encode(std::string(100, '\x7f'))), std::string(100, '\x7f'));
}

TEST(Crypto, Base64urlDecodesOnlyUnpaddedBase64url) {
  EXPECT_EQ(base64url_decode("eyJhbGciOiJFUzI1NiJ9"), "{\"alg\":\"ES256\"}");
  EXPECT_EQ(base64url_decode("_-8"), std::string("\xff\xef"));
  EXPECT_EQ(base64url_decode(""), "");
  EXPECT_EQ(base64url_decode("/+8"), std::nullopt);    // standard alphabet
  EXPECT_EQ(base64url_decode("QQ=="), std::nullopt);   // padding
  EXPECT_EQ(base64url_decode("QQQQQ"), std::nullopt);  // impossible length
  EXPECT_EQ(base64url_decode("QQ Q"), std::nullopt);
}

// An Ed25519 key from a fixed seed; tokens signed with it in the test.
class JwtTimes : public ::testing::Test {
 protected:
  static constexpr std::int64_t kExp = 1795784400;  // seconds

  void SetUp() override {
    unsigned char seed[32] = {7};
    EVP_PKEY* raw = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed, sizeof seed);
    ASSERT_NE(raw, nullptr);
    key_.reset(raw, EVP_PKEY_free);
    keys_.keys.push_back(PublicKey{"k", KeyType::Ed25519, "", key_});
    policy_.issuer = "https://issuer.example/";
    policy_.audiences = {"api://appnotify"};
    policy_.leeway_seconds = 60;
  }

  std::string token(const nlohmann::json& claims) {
    const std::string part = base64url_encode(R"({"alg":"EdDSA","kid":"k"})") + "." + base64url_encode(claims.dump());
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::string signature(64, '\0');
    std::size_t size = signature.size();
    EXPECT_EQ(EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()), 1);
    EXPECT_EQ(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                             reinterpret_cast<const unsigned char*>(part.data()), part.size()),
              1);
    return part + "." + base64url_encode(signature);
  }

  nlohmann::json claims() const {
    return {{"iss", "https://issuer.example/"}, {"aud", "api://appnotify"}, {"exp", kExp}, {"sub", "alice"}};
  }

  std::string code_at(const std::string& jwt, std::int64_t now_ms) {
    const JwtCheck check = verify_jwt(jwt, policy_, keys_, now_ms);
    return check.identity ? "ok" : check.code;
  }

  std::shared_ptr<EVP_PKEY> key_;
  JwkSet keys_;
  JwtPolicy policy_;
};

TEST_F(JwtTimes, ExpiresAtExpPlusLeewayToTheMillisecond) {
  const std::string jwt = token(claims());
  EXPECT_EQ(code_at(jwt, (kExp + 60) * 1000), "ok");
  EXPECT_EQ(code_at(jwt, (kExp + 60) * 1000 + 1), "auth.jwt.expired");
  EXPECT_EQ(verify_jwt(jwt, policy_, keys_, kExp * 1000).identity->expires_ms, (kExp + 60) * 1000);
}

TEST_F(JwtTimes, NotBeforeAndIssuedAtAllowTheLeewayEarly) {
  nlohmann::json c = claims();
  c["nbf"] = kExp - 100;
  const std::string early = token(c);
  EXPECT_EQ(code_at(early, (kExp - 160) * 1000), "ok");
  EXPECT_EQ(code_at(early, (kExp - 160) * 1000 - 1), "auth.jwt.not_yet_valid");
  c.erase("nbf");
  c["iat"] = kExp - 100;
  const std::string issued = token(c);
  EXPECT_EQ(code_at(issued, (kExp - 160) * 1000), "ok");
  EXPECT_EQ(code_at(issued, (kExp - 160) * 1000 - 1), "auth.jwt.issued_in_future");
}

TEST_F(JwtTimes, DatesMustBeNumbersAndHugeOnesDoNotOverflow) {
  nlohmann::json c = claims();
  c["exp"] = "tomorrow";
  EXPECT_EQ(code_at(token(c), kExp * 1000), "auth.jwt.malformed");
  c["exp"] = 1e300;
  const JwtCheck far = verify_jwt(token(c), policy_, keys_, kExp * 1000);
  ASSERT_TRUE(far.identity);
  EXPECT_GT(far.identity->expires_ms, kExp * 1000);
}

TEST_F(JwtTimes, TheSubjectNamesTheUserWhenThereIsNoOid) {
  const JwtCheck check = verify_jwt(token(claims()), policy_, keys_, kExp * 1000);
  ASSERT_TRUE(check.identity);
  EXPECT_EQ(check.identity->user, "alice");
  EXPECT_FALSE(check.identity->application);
  policy_.fall_back_to_sub = false;  // --jwt-user-claim given: no fallback
  EXPECT_EQ(code_at(token(claims()), kExp * 1000), "auth.jwt.no_user");
}

TEST(JwkSet, KeepsUsableKeysAndSaysWhyOthersWereLeftOut) {
  std::string error;
  const auto set = parse_jwk_set(
      R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
                   {"kty":"oct","k":"c2VjcmV0","kid":"hmac"},
                   {"kty":"EC","crv":"P-256","kid":"off","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
                   {"kty":"OKP","crv":"Ed25519","use":"enc","kid":"enc","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})",
      error);
  ASSERT_TRUE(set) << error;
  ASSERT_EQ(set->keys.size(), 1u);
  EXPECT_EQ(set->keys[0].kid, "a");
  ASSERT_EQ(set->notes.size(), 3u);
  EXPECT_NE(set->notes[0].find("\"oct\" is not supported"), std::string::npos);
  EXPECT_NE(set->notes[1].find("not on the P-256 curve"), std::string::npos);
  EXPECT_NE(set->notes[2].find("not a signing key"), std::string::npos);
  EXPECT_FALSE(parse_jwk_set(R"({"key":[]})", error));
  EXPECT_NE(error.find("JSON Web Key Set"), std::string::npos);
}

TEST(JwkSet, MembersOfTheWrongTypeLeaveTheKeyOutWithoutThrowing) {  // found by jwt_fuzzer
  std::string error;
  const auto set = parse_jwk_set(
      R"({"keys":[{"kty":"OKP","crv":3E-255},{"kty":7},{"kty":"EC","crv":["P-256"]},{"kid":1,"alg":{},"kty":"RSA"}]})",
      error);
  ASSERT_TRUE(set) << error;
  EXPECT_TRUE(set->keys.empty());
  ASSERT_EQ(set->notes.size(), 4u);
  EXPECT_NE(set->notes[0].find("only Ed25519"), std::string::npos);
  EXPECT_NE(set->notes[1].find("no kty"), std::string::npos);
  EXPECT_NE(set->notes[2].find("only the P-256 curve"), std::string::npos);
  EXPECT_NE(set->notes[3].find("an RSA key needs n and e"), std::string::npos);
}

}  // namespace
}  // namespace appnotify::server
