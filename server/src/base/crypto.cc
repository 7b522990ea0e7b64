#include "base/crypto.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "appnotify/guid.h"

namespace appnotify::server {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
  return out;
}

std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out, &size, md, nullptr) != 1) std::abort();
  return std::string(reinterpret_cast<const char*>(out), size);
}

}  // namespace

std::string sha256_bytes(std::string_view data) { return digest(EVP_sha256(), data); }

std::string sha256_hex(std::string_view data) {
  const std::string bytes = sha256_bytes(data);
  return to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string random_hex(std::size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    std::fputs("appnotifyd: the random number generator failed\n", stderr);
    std::abort();
  }
  return to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::optional<std::string> uuid_v5(std::string_view namespace_guid, std::string_view name) {
  const std::optional<std::string> space = parse_guid(namespace_guid);
  if (!space) return std::nullopt;
  std::string input;  // the namespace's 16 bytes, then the name
  for (std::size_t i = 0; i < space->size(); ++i) {
    if ((*space)[i] == '-') continue;
    input += static_cast<char>(std::stoi(space->substr(i, 2), nullptr, 16));
    ++i;
  }
  input.append(name.data(), name.size());
  std::string hash = digest(EVP_sha1(), input);
  hash[6] = static_cast<char>((hash[6] & 0x0F) | 0x50);  // version 5
  hash[8] = static_cast<char>((hash[8] & 0x3F) | 0x80);  // variant 10xx
  const std::string h = to_hex(reinterpret_cast<const unsigned char*>(hash.data()), 16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

std::string base64url_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int size =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(size));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string standard;
  standard.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '-') {
      standard += '+';
    } else if (c == '_') {
      standard += '/';
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      standard += c;
    } else {
      return std::nullopt;  // '+', '/', '=', whitespace: not base64url as JOSE writes it
    }
  }
  const std::size_t padding = (4 - standard.size() % 4) % 4;
  standard.append(padding, '=');
  std::string out(standard.size() / 4 * 3, '\0');
  const int written =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(standard.data()), static_cast<int>(standard.size()));
  if (written < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(written) - padding);  // EVP_DecodeBlock counts the padding's zero bytes
  return out;
}

}  // namespace appnotify::server
