#include "random_ids.h"

#include <random>

namespace appnotify::server {
namespace {

std::string random_hex(std::size_t digits) {
  thread_local std::random_device device;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digits);
  while (out.size() < digits) {
    unsigned int bits = device();
    for (int i = 0; i < 8 && out.size() < digits; ++i, bits >>= 4) out += kHex[bits & 0xF];
  }
  return out;
}

}  // namespace

std::string random_guid() {
  std::string hex = random_hex(32);
  hex[12] = '4';                                                        // version 4
  hex[16] = "89ab"[std::string("0123456789abcdef").find(hex[16]) % 4];  // variant 10xx
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::string random_token() { return random_hex(64); }

}  // namespace appnotify::server
