// One connection of the HTTP server (http_server.h) and the state all of them share: a session
// reads requests one after another (the head first: ambiguous framing is refused before the body),
// hands each to the handlers, writes the answers, and hands its socket over to an event stream when
// an answer opens one. Internal to the server.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "http/connection_limits.h"
#include "http/event_stream.h"
#include "http/http_server.h"

namespace appnotify::server {

// What the server sees of a session: whether it waits for a request (and since when), and a drain.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual bool idle() const = 0;
  virtual std::chrono::steady_clock::rep idle_since() const = 0;
  virtual const std::string& peer_address() const = 0;
  // Closes the connection if it is idle now, else after its answer.
  virtual void drain() = 0;
};

// State shared by the connections: the handlers, the live connections and streams (for the drain).
struct Shared {
  // `options.max_connections` is lowered to what the open-files limit allows.
  Shared(std::vector<HttpHandler*> handlers, ServerOptions options);
  const std::vector<HttpHandler*> handlers;
  const ServerOptions options;
  ConnectionLimits limits;
  std::atomic<bool> draining{false};
  std::atomic<std::int64_t> in_progress{0};  // requests read and not yet answered
  std::mutex sessions_mutex;
  std::unordered_set<std::shared_ptr<Connection>> sessions;
  std::vector<std::weak_ptr<EventStream>> streams;
};

// Starts a session on `socket` from `peer_address`; `slot` counts it in the limits until it closes.
void start_session(boost::asio::ip::tcp::socket socket, Shared& shared, std::string peer_address,
                   std::shared_ptr<void> slot);

// An answer as bytes: the status line, the headers and the body (with its Content-Length unless
// `streaming`).
std::string raw_answer(const HttpResponse& response, bool streaming);

}  // namespace appnotify::server
