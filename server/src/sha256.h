// SHA-256 (FIPS 180-4), for storing API tokens as hashes. Written for this project; no dependency.
#pragma once

#include <string>
#include <string_view>

namespace appnotify::server {

// Lowercase hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace appnotify::server
