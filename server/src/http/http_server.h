// appnotifyd's HTTP/1.1 server on Boost.Beast and Asio: a few threads hold thousands of idle
// keep-alive and push connections. Limits: request bodies (413), header size (431), header and
// idle timeouts. SIGTERM (or stop()) drains: no new connections, requests in progress finish,
// push streams close, then run() returns. Every users_watch_ms it reads Store::users_version():
// when an administrator changed a user (on this instance or another sharing the database), the
// cached credentials are dropped and every push stream checks its token again, so a disabled
// user's streams close within a second. A stream also closes when its JWT expires.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "http/cors.h"

namespace appnotify::server {

class Api;
class PushHub;

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 2;
  std::string static_dir;                    // "" serves no files
  std::size_t max_body_bytes = 1 << 20;      // larger bodies answer 413
  std::size_t max_header_bytes = 16 * 1024;  // larger headers answer 431
  int header_timeout_seconds = 30;           // a request must arrive whole within this
  int idle_timeout_seconds = 75;             // keep-alive connections close after this
  int heartbeat_seconds = 15;                // push streams send a comment this often
  std::int64_t sweep_interval_seconds = 60;  // expired records are deleted this often
  int users_watch_ms = 250;                  // how often the users' version is read (see below)
  CorsPolicy cors;                           // the other web origins that may call the API
};

class HttpServer {
 public:
  HttpServer(Api& api, PushHub& hub, ServerOptions options);
  ~HttpServer();

  // Binds; false with `error` when the address cannot be used. After it, port() is the real port.
  bool listen(std::string& error);
  unsigned short port() const;
  // Serves until SIGTERM/SIGINT or stop(); answers after the drain.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace appnotify::server
