#include "base/random_ids.h"

#include "base/crypto.h"

namespace appnotify::server {

std::string random_guid() {
  std::string hex = random_hex(16);
  hex[12] = '4';                                                        // version 4
  hex[16] = "89ab"[std::string("0123456789abcdef").find(hex[16]) % 4];  // variant 10xx
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::string random_token() { return random_hex(32); }

}  // namespace appnotify::server
