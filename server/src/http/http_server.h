// appnotifyd's HTTP/1.1 server on Boost.Beast and Asio: a few threads hold thousands of idle
// keep-alive connections and event streams. Limits: request bodies (413), header size (431),
// header and idle timeouts. CORS preflights are answered here; every other request goes to the
// handlers in order (http_handler.h), and what none takes to the static files. Connections are
// limited in total and per client address (connection_limits.h); accept backs off when the process
// runs out of files. SIGTERM (or stop())
// drains: no new connections, requests in progress finish, event streams close, then run()
// returns. It knows nothing of what it serves: the Web API and the push stream are handlers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/cors.h"
#include "http/http_handler.h"

namespace appnotify::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 2;
  std::string static_dir;                    // "" serves no files
  std::size_t max_body_bytes = 1 << 20;      // larger bodies answer 413
  std::size_t max_header_bytes = 16 * 1024;  // larger headers answer 431
  int header_timeout_seconds = 30;           // a request must arrive whole within this
  int idle_timeout_seconds = 75;             // keep-alive connections close after this
  int heartbeat_seconds = 15;                // event streams send a comment this often
  CorsPolicy cors;                           // the other web origins that may call the API
  std::size_t max_connections = 10000;       // lowered to what the open-files limit allows
  std::size_t max_connections_per_address = 128;
  // Addresses the per-address limit does not apply to (besides loopback): trusted proxies.
  std::function<bool(const std::string&)> unlimited_address;
};

class HttpServer {
 public:
  // The handlers must outlive the server.
  HttpServer(std::vector<HttpHandler*> handlers, ServerOptions options);
  ~HttpServer();

  // Binds; false with `error` when the address cannot be used. After it, port() is the real port.
  bool listen(std::string& error);
  unsigned short port() const;
  // The connection limit in force: --max-connections, or fewer where the open-files limit is lower.
  std::size_t max_connections() const;
  // Serves until SIGTERM/SIGINT or stop(); answers after the drain.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace appnotify::server
