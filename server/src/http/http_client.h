// appnotifyd's outbound HTTP(S) client: the identity provider's keys (JWKS) now, Web Push later.
// Requests run on the client's own thread, never on a request thread, and every step has a
// deadline: resolving the host, connecting, the TLS handshake, writing the request and each read
// of the answer; the whole exchange has one too. https verifies the server's certificate against
// the system's trust store (OpenSSL's default paths; SSL_CERT_FILE overrides them) and its host
// name. No redirects; the answer's size is bounded.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace appnotify::server {

struct OutboundLimits {
  std::chrono::milliseconds step{3000};    // each of: resolve, connect, TLS handshake, write, each read
  std::chrono::milliseconds total{10000};  // the whole exchange
  std::size_t max_bytes = 1 << 20;         // the answer's body
};

struct OutboundRequest {
  std::string method = "GET";
  std::string url;  // http:// or https://
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct OutboundResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
};

// Called once, on the client's thread: the answer (any status), or nullopt and what went wrong
// ("resolving notify.example timed out after 3000 ms", "TLS handshake with ... failed: ...").
using OutboundDone = std::function<void(std::optional<OutboundResponse>, const std::string& error)>;

class HttpClient {
 public:
  explicit HttpClient(OutboundLimits limits = {});
  ~HttpClient();  // stop()s
  // Ends what is in flight (each is answered with an error, on this thread's watch) and stops the
  // client's thread; later sends are answered with an error at once. Call it before whatever the
  // callbacks of requests in flight use goes away.
  void stop();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Callable from any thread; `done` runs on the client's thread and must not block.
  void send(OutboundRequest request, OutboundDone done);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether `url` starts with http:// or https://.
bool is_http_url(const std::string& url);

}  // namespace appnotify::server
