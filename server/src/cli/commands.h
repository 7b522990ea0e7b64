// appnotifyd's commands, as main.cc's command line hands them over: serve, and the user
// administration commands. Each answers the process's exit status (0 ok, 1 failed, 2 misused).
#pragma once

#include <string>
#include <vector>

#include "appnotify/defaults.h"

namespace appnotify::server {

struct JwtArguments {
  std::string issuer;
  std::vector<std::string> audiences;
  std::string jwks;
  int leeway = 60;
  std::string user_claim;  // "": oid, else sub
  std::string send_role = "appnotify.send";
  std::vector<std::string> algorithms;  // empty: all
};

struct ServeArguments {
  bool chosen = false;
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string static_dir;
  long long default_ttl = kDefaultTtlSeconds;
  int threads = 0;  // 0: 2 on SQLite, 8 on PostgreSQL (serve_command.cc)
  long long max_body = 1 << 20;
  int heartbeat = 15;
  int idle_timeout = 75;
  int header_timeout = 30;
  long long max_connections = 10000;
  long long max_connections_per_address = 128;
  long long max_requests = 6000;
  long long max_requests_window = 300;
  long long max_concurrent_requests = 52;
  long long max_execution_time_ms = 30000;
  long long max_streams = 10000;
  long long max_streams_per_user = 20;
  long long sweep_interval = 60;
  long long page_cache_mb = 64;
  long long statement_timeout_ms = 5000;
  long long outbound_timeout_ms = 3000;
  std::vector<std::string> cors_origins;
  std::string public_url;                    // "": links from the request (public_origin.h)
  std::vector<std::string> trusted_proxies;  // CIDR blocks whose Forwarded headers are believed
  std::string metrics_token;                 // "": /metrics is open
  JwtArguments jwt;
  bool test_clock = false;
};

struct UserArguments {
  std::string command;  // add, list, disable, enable, token, grant-send, revoke-send
  std::string db;
  std::string name;
  std::string id;
  std::string issuer;
  bool can_send = false;
};

int run_serve(const ServeArguments& arguments);
int run_user_command(const UserArguments& arguments);

}  // namespace appnotify::server
