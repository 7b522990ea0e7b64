// appnotifyd serve: checks the arguments, opens the store, the issuer's keys and the listening
// socket, composes the parts (the Web API and the push stream as the HTTP server's handlers, the
// sweep and the users' watch on the scheduler), then serves until SIGTERM.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "auth/authenticator.h"
#include "base/clock.h"
#include "base/metrics.h"
#include "cli/commands.h"
#include "cli/scheduler.h"
#include "http/http_client.h"
#include "http/http_server.h"
#include "odata/api.h"
#include "ops/operations_endpoint.h"
#include "push/event_feed.h"
#include "push/push_hub.h"
#include "push/stream_endpoint.h"
#include "store/open_store.h"
#include "store/postgres/postgres_store.h"

namespace appnotify::server {
namespace {

int misused(const std::string& message) {
  std::cerr << "appnotifyd serve: " << message << "\n(see appnotifyd serve --help)\n";
  return 2;
}

int failed(const std::string& message) {
  std::cerr << "appnotifyd serve: " << message << "\n";
  return 1;
}

// The JWT settings, or nullopt with `error` ("" when no JWT flag was given: static tokens only).
std::optional<JwtSettings> jwt_settings(const JwtArguments& a, Clock& clock, HttpClient& client, std::string& error) {
  const bool any =
      !a.issuer.empty() || !a.audiences.empty() || !a.jwks.empty() || !a.user_claim.empty() || !a.algorithms.empty();
  if (!any) return std::nullopt;
  if (a.issuer.empty() || a.audiences.empty() || a.jwks.empty()) {
    error = "JWTs need all three of --jwt-issuer, --jwt-audience and --jwt-jwks";
    return std::nullopt;
  }
  JwtSettings settings;
  settings.policy.issuer = a.issuer;
  settings.policy.audiences = a.audiences;
  settings.policy.leeway_seconds = a.leeway;
  settings.policy.send_role = a.send_role;
  if (!a.user_claim.empty()) {
    settings.policy.user_claim = a.user_claim;
    settings.policy.fall_back_to_sub = false;
  }
  if (!a.algorithms.empty()) settings.policy.algorithms = {a.algorithms.begin(), a.algorithms.end()};
  settings.keys = JwksSource::open(a.jwks, clock.now_ms(), &client, error);
  if (!settings.keys) {
    error = "--jwt-jwks: " + error;
    return std::nullopt;
  }
  return settings;
}

// One JSON line on stderr for a sweep that deleted anything.
void log_sweep(std::int64_t deleted, std::int64_t transactions, std::chrono::steady_clock::time_point started) {
  if (deleted == 0) return;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const std::string text =
      nlohmann::json({{"swept", deleted}, {"transactions", transactions}, {"ms", ms.count()}}).dump() + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
}

// How often the users' version is read: when an administrator changed a user (on this instance or
// another sharing the database), cached credentials are dropped and every push stream checks its
// token again, so a disabled user's streams close within a second.
constexpr std::chrono::milliseconds kUsersWatch{250};

}  // namespace

int run_serve(const ServeArguments& a) {
  ServerOptions options;
  const std::size_t colon = a.listen.rfind(':');
  const std::string port_text = colon == std::string::npos ? "" : a.listen.substr(colon + 1);
  if (colon == std::string::npos || port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos || std::stol(port_text) > 65535) {
    return misused("--listen takes HOST:PORT with a port 0..65535, not \"" + a.listen + "\"");
  }
  options.host = a.listen.substr(0, colon);
  options.port = static_cast<unsigned short>(std::stol(port_text));
  // SQLite answers a query within the thread's own time; a PostgreSQL query holds its thread for
  // a round trip, so more threads keep the cores busy meanwhile.
  options.threads = a.threads > 0 ? a.threads : is_postgres_uri(a.db) ? 8 : 2;
  options.static_dir = a.static_dir;
  options.max_body_bytes = static_cast<std::size_t>(a.max_body);
  options.heartbeat_seconds = a.heartbeat;
  options.idle_timeout_seconds = a.idle_timeout;
  options.header_timeout_seconds = a.header_timeout;
  options.max_connections = static_cast<std::size_t>(a.max_connections);
  options.max_connections_per_address = static_cast<std::size_t>(a.max_connections_per_address);
  std::string error;
  std::optional<CorsPolicy> cors = CorsPolicy::create(a.cors_origins, error);
  if (!cors) return misused(error);
  options.cors = *cors;

  Clock clock;
  if (a.test_clock) {
    clock.enable_test_control();
    std::cerr << nlohmann::json({{"warning",
                                  "--test-clock: any process on this machine can set this server's time "
                                  "(PUT /api/appnotify/v1/test/clock); for tests only"}})
                     .dump()
              << std::endl;
  }
  // Outbound requests (the issuer's keys) go through one client with deadlines on every step.
  OutboundLimits outbound;
  outbound.step = std::chrono::milliseconds(a.outbound_timeout_ms);
  outbound.total = 4 * outbound.step;
  HttpClient client(outbound);
  std::optional<JwtSettings> jwt = jwt_settings(a.jwt, clock, client, error);
  if (!error.empty()) return misused(error);
  auto store = open_store(a.db, error, std::chrono::milliseconds(a.statement_timeout_ms));
  if (!store) return failed("cannot open " + a.db + ": " + error);
  Authenticator authenticator(*store, clock, std::move(jwt));
  // Another instance's writes do not reach this one's page cache yet: on a shared database it is off.
  const long long page_cache_mb = is_postgres_uri(a.db) ? 0 : a.page_cache_mb;
  PushHub hub;
  // Where other instances share the database, every stream's events come through the feed, in the
  // order of their ids; otherwise straight from this process's commits.
  std::unique_ptr<CommitSignal> signal = store->commit_signal(error);
  if (!error.empty()) return failed("cannot listen for other instances' commits on " + a.db + ": " + error);
  std::unique_ptr<EventFeed> feed;
  try {
    if (signal) feed = std::make_unique<EventFeed>(*store, hub, clock, std::move(signal));
  } catch (const StoreUnavailable& unavailable) {  // the database went away since it was opened
    return failed("cannot read the last event of " + a.db + ": " + unavailable.what());
  }
  ChangePublisher& publisher = feed ? static_cast<ChangePublisher&>(*feed) : hub;
  std::optional<PublicOrigin> origin = PublicOrigin::create(a.public_url, a.trusted_proxies, error);
  if (!origin) return misused(error);
  options.unlimited_address = [origin = *origin](const std::string& address) { return origin.trusts(address); };
  ApiOptions api_options;
  api_options.default_ttl_seconds = a.default_ttl;
  api_options.page_cache_bytes = static_cast<std::size_t>(page_cache_mb) << 20;
  api_options.origin = *origin;
  api_options.workers = static_cast<std::size_t>(options.threads);
  api_options.service_limits = {a.max_requests, a.max_requests_window * 1000, a.max_concurrent_requests,
                                a.max_execution_time_ms};
  Api api(*store, publisher, clock, authenticator, api_options);
  const StreamLimits stream_limits{static_cast<std::size_t>(a.max_streams),
                                   static_cast<std::size_t>(a.max_streams_per_user)};
  StreamEndpoint streams(*store, clock, authenticator, hub, stream_limits);
  OperationsEndpoint::Checks checks;
  checks.database = [&store] {
    try {
      store->last_event_id();
      return true;
    } catch (const StoreUnavailable&) {
      return false;
    }
  };
  if (feed) checks.event_feed = [&feed] { return feed->current(); };
  OperationsEndpoint operations(checks, a.metrics_token);
  Metrics::process().gauge_from("appnotify_sweep_backlog", "Expired notifications not yet deleted by the sweep.",
                                [&store, &clock] {
                                  try {
                                    return static_cast<double>(store->expired_count(clock.now_ms()));
                                  } catch (const StoreUnavailable&) {
                                    return std::nan("");
                                  }
                                });
  HttpServer server({&operations, &streams, &api}, options);
  if (!server.listen(error)) return failed(error);

  Scheduler scheduler;
  scheduler.every(std::chrono::seconds(a.sweep_interval), [&] {
    const auto started = std::chrono::steady_clock::now();
    // Queued for the writer, in batches.
    store->sweep(
        clock.now_ms(), api_options.event_retention_ms,
        [started](std::int64_t deleted, std::int64_t transactions) { log_sweep(deleted, transactions, started); });
  });
  std::int64_t users_version = 0;
  try {
    users_version = store->users_version();
  } catch (const StoreUnavailable&) {
    // read at the first tick that reaches the database
  }
  scheduler.every(kUsersWatch, [&] {
    std::int64_t version = users_version;
    try {
      version = store->users_version();
    } catch (const StoreUnavailable&) {
      // the database is away: nothing to learn until it is back
    }
    const bool changed = version != users_version;
    users_version = version;
    if (changed) authenticator.forget_cached();
    streams.check(clock.now_ms(), changed);
  });
  scheduler.start();
  if (!origin->has_public_url() && options.host != "127.0.0.1" && options.host != "::1") {
    std::cerr << nlohmann::json({{"warning",
                                  "no --public-url: links name the address each connection came in on; "
                                  "set --public-url to the URL clients use (docs/operations.md)"}})
                     .dump()
              << std::endl;
  }
  std::cout << nlohmann::json({{"listening", options.host + ":" + std::to_string(server.port())},
                               {"max_connections", server.max_connections()}})
                   .dump()
            << std::endl;
  server.run();
  scheduler.stop();
  client.stop();  // fetches in flight end now, while the keys and the API they call back still exist
  feed.reset();   // no more deliveries to the streams that closed
  store->drain();
  std::cerr << "{\"stopped\": true}" << std::endl;
  return 0;
}

}  // namespace appnotify::server
