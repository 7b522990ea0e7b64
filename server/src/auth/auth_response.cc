#include "auth/auth_response.h"

#include "http/error_response.h"

namespace appnotify::server {

HttpResponse unauthenticated_response(const AuthResult& result) {
  if (result.code == "auth.unavailable") {
    HttpResponse response = error_response(503, kUnavailable, result.code, result.message);
    response.headers["Retry-After"] = "1";
    return response;
  }
  HttpResponse response = error_response(401, kNotAuthenticated, result.code, result.message);
  response.headers["WWW-Authenticate"] =
      result.code == "auth.missing_token" ? "Bearer"
                                          : "Bearer error=\"invalid_token\", error_description=\"" + result.code + "\"";
  return response;
}

}  // namespace appnotify::server
