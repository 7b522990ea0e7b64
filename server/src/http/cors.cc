#include "http/cors.h"

#include <cctype>

#include "http/error_response.h"

namespace appnotify::server {
namespace {

// "scheme://host[:port]" with a lowercase http(s) scheme and host, nothing after it.
bool is_origin(const std::string& text) {
  std::size_t start;
  if (text.rfind("https://", 0) == 0) {
    start = 8;
  } else if (text.rfind("http://", 0) == 0) {
    start = 7;
  } else {
    return false;
  }
  if (text.size() == start) return false;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          std::string(".-:[]").find(c) != std::string::npos)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<CorsPolicy> CorsPolicy::create(const std::vector<std::string>& origins, std::string& error) {
  CorsPolicy policy;
  for (std::string origin : origins) {
    if (origin == "*") {
      policy.any_ = true;
      continue;
    }
    for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!is_origin(origin)) {
      error =
          "--cors-origin takes an origin such as https://app.example.com (scheme, host and port only) or *, not \"" +
          origin + "\"";
      return std::nullopt;
    }
    policy.origins_.insert(origin);
  }
  return policy;
}

std::optional<HttpResponse> CorsPolicy::preflight(const HttpRequest& request) const {
  const std::string origin = request.header("origin");
  if (request.method != "OPTIONS" || origin.empty() || request.header("access-control-request-method").empty()) {
    return std::nullopt;
  }
  if (!allows(origin)) {
    return error_response(403, kPrivilegeDenied, "cors.origin_not_allowed",
                          "Pages on " + origin.substr(0, 200) +
                              " may not call this appnotifyd; start it with --cors-origin " + origin.substr(0, 200) +
                              " to allow them.");
  }
  HttpResponse response;
  response.status = 204;
  decorate(origin, response.headers);
  response.headers["Access-Control-Allow-Methods"] = kAllowedMethods;
  response.headers["Access-Control-Allow-Headers"] = kAllowedHeaders;
  response.headers["Access-Control-Max-Age"] = std::to_string(kMaxAgeSeconds);
  return response;
}

void CorsPolicy::decorate(const std::string& origin, std::map<std::string, std::string>& headers) const {
  if (origin.empty() || !allows(origin)) return;
  headers["Access-Control-Allow-Origin"] = any_ ? "*" : origin;
  headers["Access-Control-Expose-Headers"] = kExposedHeaders;
  if (!any_) headers["Vary"] = "Origin";
}

}  // namespace appnotify::server
