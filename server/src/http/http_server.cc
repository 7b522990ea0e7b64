#include "http/http_server.h"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "base/metrics.h"
#include "http/access_log.h"
#include "http/connection_limits.h"
#include "http/error_response.h"
#include "http/http_session.h"

namespace appnotify::server {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

}  // namespace

// The acceptor, the signals, the timers and the drain share one strand, so the drain never runs
// beside one of their handlers; a handler that was already due when the drain began sees the
// draining flag and does not start again (a timer re-armed after the drain would keep the I/O
// threads, and the process, alive).
struct HttpServer::Impl {
  Impl(std::vector<HttpHandler*> handlers, ServerOptions options)
      : shared(std::move(handlers), options),
        ioc(options.threads),
        control(net::make_strand(ioc)),
        acceptor(control),
        signals(control, SIGINT, SIGTERM),
        log_flusher(control),
        accept_backoff(control),
        streams_deadline(control) {}

  void accept() {
    acceptor.async_accept(
        net::make_strand(ioc), net::bind_executor(control, [this](beast::error_code ec, tcp::socket socket) {
          if (shared.draining.load()) {
            beast::error_code ignored;
            socket.close(ignored);
            return;
          }
          if (ec) {
            if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
            // Out of files (or another passing failure): accepting again at once would spin on the
            // same error. Wait, longer each time in a row, up to a second.
            backoff = std::min(std::max(backoff * 2, std::chrono::milliseconds(10)), std::chrono::milliseconds(1000));
            accept_backoff.expires_after(backoff);
            accept_backoff.async_wait([this](beast::error_code wait) {
              if (!wait && !shared.draining.load()) accept();
            });
            return;
          }
          backoff = std::chrono::milliseconds(0);
          admit(std::move(socket));
          accept();
        }));
  }

  // A new connection within the limits, making room by closing the longest-idle one if it must;
  // refused (503, or 429 from an address over its share) when no connection is idle.
  void admit(tcp::socket socket) {
    beast::error_code ec;
    const tcp::endpoint peer = socket.remote_endpoint(ec);
    if (ec) return;  // gone already
    const std::string address = peer.address().to_string();
    const ConnectionLimits::Over over = shared.limits.over(address);
    if (over != ConnectionLimits::Over::None &&
        !close_longest_idle(over == ConnectionLimits::Over::Address ? &address : nullptr)) {
      return refuse(std::move(socket), over);
    }
    start_session(std::move(socket), shared, address, shared.limits.take(address));
  }

  bool close_longest_idle(const std::string* address) {
    std::shared_ptr<Connection> longest;
    std::lock_guard<std::mutex> lock(shared.sessions_mutex);
    for (const auto& session : shared.sessions) {
      if (!session->idle() || (address && session->peer_address() != *address)) continue;
      if (!longest || session->idle_since() < longest->idle_since()) longest = session;
    }
    if (longest) longest->drain();  // closes it if it is still idle on its own strand
    return longest != nullptr;
  }

  void refuse(tcp::socket socket, ConnectionLimits::Over over) {
    const bool address = over == ConnectionLimits::Over::Address;
    Metrics::process().count("appnotify_refused_total",
                             {{"limit", address ? "connections_per_address" : "connections"}});
    HttpResponse response = error_response(
        address ? 429 : 503, kUnavailable, address ? "connections.too_many_from_address" : "connections.too_many",
        address ? "This address holds " + std::to_string(shared.limits.max_per_address()) +
                      " connections already (--max-connections-per-address); reuse them."
                : "The server holds " + std::to_string(shared.limits.max_total()) +
                      " connections already (--max-connections); try again shortly.");
    response.headers["Retry-After"] = "1";
    response.headers["Connection"] = "close";
    auto connection = std::make_shared<tcp::socket>(std::move(socket));
    auto text = std::make_shared<std::string>(raw_answer(response, false));
    net::async_write(*connection, net::buffer(*text), [connection, text](beast::error_code, std::size_t) {
      beast::error_code ignored;
      connection->shutdown(tcp::socket::shutdown_both, ignored);
      connection->close(ignored);
    });
  }

  // Request logs are written buffered and flushed every second, and at the end.
  void flush_logs() {
    log_flusher.expires_after(std::chrono::seconds(1));
    log_flusher.async_wait([this](beast::error_code ec) {
      std::fflush(stderr);
      if (!ec && !shared.draining.load()) flush_logs();
    });
  }

  void drain() {
    if (shared.draining.exchange(true)) return;
    log_flusher.cancel();
    accept_backoff.cancel();
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel();
    std::vector<std::shared_ptr<Connection>> sessions;
    std::vector<std::weak_ptr<EventStream>> streams;
    {
      std::lock_guard<std::mutex> lock(shared.sessions_mutex);
      sessions.assign(shared.sessions.begin(), shared.sessions.end());
      streams.swap(shared.streams);
    }
    // Each stream is told to reconnect (to another instance, behind a balancer) and closes once
    // that is written; a client that does not read it is cut off at kStreamsDeadline.
    for (auto& weak : streams) {
      if (auto stream = weak.lock()) {
        stream->post([stream] {
          stream->write("event: reconnect\ndata: {\"reason\":\"shutdown\"}\n\n");
          stream->when_drained([stream] { stream->close(); });
        });
      }
    }
    if (!streams.empty()) {
      streams_deadline.expires_after(kStreamsDeadline);
      streams_deadline.async_wait([streams](beast::error_code) {
        for (auto& weak : streams) {
          if (auto stream = weak.lock()) stream->close();
        }
      });
    }
    for (auto& session : sessions) session->drain();
  }

  static constexpr std::chrono::seconds kStreamsDeadline{2};

  Shared shared;
  net::io_context ioc;
  net::strand<net::io_context::executor_type> control;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer log_flusher;
  net::steady_timer accept_backoff;
  net::steady_timer streams_deadline;
  std::chrono::milliseconds backoff{0};
};

HttpServer::HttpServer(std::vector<HttpHandler*> handlers, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handlers), std::move(options))) {
  describe_request_metrics();
  Metrics& metrics = Metrics::process();
  metrics.gauge_from("appnotify_http_connections", "Connections open, push streams included.",
                     [impl = impl_.get()] { return static_cast<double>(impl->shared.limits.open()); });
  metrics.gauge_from("appnotify_http_requests_in_progress", "Requests read and not yet answered.",
                     [impl = impl_.get()] { return static_cast<double>(impl->shared.in_progress.load()); });
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(std::string& error) {
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->shared.options.host, ec);
  if (ec) {
    error = "not an IP address: " + impl_->shared.options.host;
    return false;
  }
  tcp::endpoint endpoint(address, impl_->shared.options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on " + impl_->shared.options.host + ":" + std::to_string(impl_->shared.options.port) + ": " +
            ec.message();
    return false;
  }
  return true;
}

unsigned short HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::size_t HttpServer::max_connections() const { return impl_->shared.limits.max_total(); }

void HttpServer::stop() {
  net::post(impl_->control, [impl = impl_.get()] { impl->drain(); });
}

void HttpServer::run() {
  Impl& impl = *impl_;
  impl.signals.async_wait([&impl](beast::error_code ec, int) {
    if (!ec) impl.drain();
  });
  std::setvbuf(stderr, nullptr, _IOFBF, 1 << 16);
  impl.accept();
  impl.flush_logs();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl.shared.options.threads; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (std::thread& thread : threads) thread.join();
  std::fflush(stderr);
}

}  // namespace appnotify::server
