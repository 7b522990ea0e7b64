// Cross-origin use of the API and the push stream (--cors-origin): which web origins may call
// appnotifyd from a browser, the answer to their preflights, and the headers their answers carry.
// An origin that is not allowed gets no CORS header at all, so the browser keeps the answer from
// the page; its preflight answers 403 with an error that says how to allow it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/http_types.h"

namespace appnotify::server {

class CorsPolicy {
 public:
  CorsPolicy() = default;  // no origin but the server's own

  // Each entry is a web origin ("https://app.example.com", "http://127.0.0.1:5173") or "*" for any;
  // nullopt and `error` for anything else (a path, a trailing slash, a missing scheme).
  static std::optional<CorsPolicy> create(const std::vector<std::string>& origins, std::string& error);

  // The answer to a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method), or
  // nullopt when `request` is not one.
  std::optional<HttpResponse> preflight(const HttpRequest& request) const;
  // Adds the CORS headers that an answer to a request from `origin` carries ("" or a refused
  // origin: none).
  void decorate(const std::string& origin, std::map<std::string, std::string>& headers) const;

  static constexpr const char* kAllowedMethods = "GET, POST, PATCH, DELETE, OPTIONS";
  static constexpr const char* kAllowedHeaders =
      "Authorization, Content-Type, Prefer, If-Match, If-None-Match, OData-Version, OData-MaxVersion, Last-Event-ID, "
      "Accept";
  static constexpr const char* kExposedHeaders =
      "OData-EntityId, ETag, Preference-Applied, OData-Version, Location, Retry-After, WWW-Authenticate";
  static constexpr int kMaxAgeSeconds = 7200;  // Chromium's ceiling

 private:
  bool allows(const std::string& origin) const { return any_ || origins_.count(origin) > 0; }
  bool any_ = false;
  std::set<std::string> origins_;
};

}  // namespace appnotify::server
