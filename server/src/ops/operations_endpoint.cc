#include "ops/operations_endpoint.h"

#include <nlohmann/json.hpp>

#include "base/crypto.h"
#include "base/metrics.h"
#include "http/error_response.h"

namespace appnotify::server {
namespace {

HttpResponse json_answer(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.headers["Content-Type"] = "application/json";
  response.headers["Cache-Control"] = "no-store";
  response.body = body.dump();
  return response;
}

}  // namespace

OperationsEndpoint::OperationsEndpoint(Checks checks, std::string metrics_token)
    : checks_(std::move(checks)), metrics_token_digest_(metrics_token.empty() ? "" : sha256_bytes(metrics_token)) {}

bool OperationsEndpoint::handle(const HttpRequest& request, const Reply& given) {
  const std::string& path = request.path;
  if (path != "/healthz" && path != "/readyz" && path != "/metrics") return false;
  const Reply reply = [given, path](HttpResponse response) {
    response.route = path;
    given(std::move(response));
  };
  if (request.method != "GET" && request.method != "HEAD") {
    reply(error_response(405, kMethodNotAllowed, "method_not_allowed", path + " accepts GET only."));
  } else if (path == "/healthz") {
    reply(json_answer(200, {{"status", "ok"}}));
  } else if (path == "/readyz") {
    ready(reply);
  } else {
    metrics(request, reply);
  }
  return true;
}

void OperationsEndpoint::ready(const Reply& reply) {
  nlohmann::json checks = nlohmann::json::object();
  bool ready = true;
  const auto check = [&](const char* name, const std::function<bool()>& passes) {
    if (!passes) return;
    const bool ok = passes();
    checks[name] = ok ? "ok" : "failing";
    ready = ready && ok;
  };
  check("database", checks_.database);
  check("event_feed", checks_.event_feed);
  HttpResponse response =
      json_answer(ready ? 200 : 503, {{"status", ready ? "ready" : "not_ready"}, {"checks", checks}});
  if (!ready) response.headers["Retry-After"] = "1";
  reply(std::move(response));
}

void OperationsEndpoint::metrics(const HttpRequest& request, const Reply& reply) {
  if (!metrics_token_digest_.empty()) {
    const std::string authorization = request.header("authorization");
    const bool bearer = authorization.size() > 7 &&
                        (authorization.compare(0, 7, "Bearer ") == 0 || authorization.compare(0, 7, "bearer ") == 0);
    if (!bearer || sha256_bytes(authorization.substr(7)) != metrics_token_digest_) {
      HttpResponse refused = error_response(401, kNotAuthenticated, "metrics.token",
                                            "/metrics needs \"Authorization: Bearer <the --metrics-token>\".");
      refused.headers["WWW-Authenticate"] = "Bearer";
      return reply(std::move(refused));
    }
  }
  HttpResponse response;
  response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8";
  response.headers["Cache-Control"] = "no-store";
  response.body = Metrics::process().text();
  reply(std::move(response));
}

}  // namespace appnotify::server
