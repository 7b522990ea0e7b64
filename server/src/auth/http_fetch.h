// A small blocking HTTP(S) GET client for fetching an identity provider's keys (its jwks_uri).
// https verifies the server's certificate against the system's trust store (OpenSSL's default
// paths; SSL_CERT_FILE overrides them) and its host name. No redirects, bounded answer size.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace appnotify::server {

struct FetchLimits {
  std::chrono::milliseconds timeout{3000};  // for the connection, and again for the request and answer
  std::size_t max_bytes = 1 << 20;
};

// The body of a 200 answer to GET `url` (http:// or https://), or nullopt and `error`.
std::optional<std::string> http_get(const std::string& url, const FetchLimits& limits, std::string& error);

// Whether `url` starts with http:// or https://.
bool is_http_url(const std::string& url);

}  // namespace appnotify::server
