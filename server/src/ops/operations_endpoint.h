// The operator's view, without a user's token: GET /healthz, /readyz and /metrics.
//   /healthz  200 while the process answers (a liveness check).
//   /readyz   200 when the database answers a read within its deadline and, where other instances
//             share it, the event feed has caught up within the last kFeedStaleMs; otherwise 503
//             naming what is not ready. The balancer's check (scripts/lib/haproxy.sh).
//   /metrics  Prometheus' text format (base/metrics.h); with --metrics-token, only with
//             "Authorization: Bearer <that token>".
#pragma once

#include <functional>
#include <string>

#include "http/http_handler.h"

namespace appnotify::server {

class OperationsEndpoint : public HttpHandler {
 public:
  struct Checks {
    std::function<bool()> database;    // the database answers a read
    std::function<bool()> event_feed;  // unset: no feed (the only writer)
  };

  OperationsEndpoint(Checks checks, std::string metrics_token);

  bool handle(const HttpRequest& request, const Reply& reply) override;

 private:
  void ready(const Reply& reply);
  void metrics(const HttpRequest& request, const Reply& reply);

  const Checks checks_;
  const std::string metrics_token_digest_;  // SHA-256 of --metrics-token, "" when open
};

}  // namespace appnotify::server
