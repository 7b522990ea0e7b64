// The server's cryptographic primitives, all from OpenSSL 3: hashing, the operating system's
// random source, name-based UUIDs and base64url. Nothing here is written by hand.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace appnotify::server {

// SHA-256 of `data` as 64 lowercase hex digits (how static tokens are stored).
std::string sha256_hex(std::string_view data);

// SHA-256 of `data` as 32 raw bytes (keys of the in-memory token caches).
std::string sha256_bytes(std::string_view data);

// `count` bytes from OpenSSL's CSPRNG (seeded by the operating system) as 2*count hex digits.
// Aborts the process if the generator fails: no identifier or token is ever made from less.
std::string random_hex(std::size_t count);

// A version 5 (SHA-1, name-based) UUID of `name` in the namespace `namespace_guid` (RFC 9562 5.5),
// lowercase with hyphens; nullopt when the namespace is not a GUID.
std::optional<std::string> uuid_v5(std::string_view namespace_guid, std::string_view name);

// Encodes `bytes` as unpadded base64url (how JOSE writes a JWT's parts).
std::string base64url_encode(std::string_view bytes);

// Decodes unpadded base64url (RFC 4648 5, as JOSE uses it); nullopt on any other character, on
// padding or on an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace appnotify::server
