#include "http/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <unordered_set>
#include <vector>

#include "base/crypto.h"
#include "base/metrics.h"
#include "http/beast_event_stream.h"
#include "http/beast_request.h"
#include "http/connection_limits.h"
#include "http/error_response.h"
#include "http/static_files.h"

namespace appnotify::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

// What a finished request leaves behind: one line of JSON on stderr (the access log), and its
// count and latency in the metrics.
struct RequestRecord {
  std::string id, peer, method, target, route;
  int status = 0;
  double ms = 0;
  std::size_t bytes = 0;
};

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, static_cast<int>(millis));
  return text;
}

void record_request(const RequestRecord& r) {
  const nlohmann::json line = {{"time", utc_now()},
                               {"id", r.id},
                               {"peer", r.peer},
                               {"method", r.method},
                               {"target", r.target.substr(0, 300)},
                               {"route", r.route},
                               {"status", r.status},
                               {"ms", static_cast<double>(static_cast<long long>(r.ms * 1000)) / 1000},
                               {"bytes", r.bytes}};
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  Metrics& metrics = Metrics::process();
  metrics.count("appnotify_http_requests_total", {{"route", r.route}, {"status", std::to_string(r.status)}});
  metrics.observe("appnotify_http_request_duration_seconds", {{"route", r.route}}, r.ms / 1000);
}

// The client's X-Request-Id when it is a plain token of up to 128 characters, else a new one.
std::string request_id(boost::beast::string_view given) {
  const bool plain = !given.empty() && given.size() <= 128 && std::all_of(given.begin(), given.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
  });
  return plain ? std::string(given) : random_hex(16);
}

void describe_metrics() {
  Metrics& metrics = Metrics::process();
  metrics.describe("appnotify_http_requests_total", "counter", "Requests answered, by route and status.");
  metrics.describe("appnotify_http_request_duration_seconds", "histogram",
                   "Time from a request's head to its answer being handed to the socket, by route.");
  metrics.describe("appnotify_refused_total", "counter", "Requests and connections refused by a limit, by limit.");
}

class Session;

// Files kept free beside the connections: database connections, outbound fetches, logs.
constexpr std::size_t kReservedFiles = 64;

ServerOptions with_files_limit(ServerOptions options) {
  options.max_connections = connections_that_fit(options.max_connections, kReservedFiles + 2 * options.threads);
  return options;
}

// An answer as bytes: the status line, the headers and the body (with its Content-Length unless
// `streaming`).
std::string raw_answer(const HttpResponse& response, bool streaming) {
  std::string text = "HTTP/1.1 " + std::to_string(response.status) + " " +
                     std::string(http::obsolete_reason(static_cast<http::status>(response.status))) + "\r\n";
  for (const auto& [name, value] : response.headers) text += name + ": " + value + "\r\n";
  if (!streaming) text += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  return text + "\r\n" + response.body;
}

// State shared by the connections: the handlers, the live connections and streams (for the drain).
struct Shared {
  Shared(std::vector<HttpHandler*> h, ServerOptions o)
      : handlers(std::move(h)),
        options(with_files_limit(std::move(o))),
        limits(options.max_connections, options.max_connections_per_address, options.unlimited_address) {}
  const std::vector<HttpHandler*> handlers;
  const ServerOptions options;
  ConnectionLimits limits;
  std::atomic<bool> draining{false};
  std::atomic<std::int64_t> in_progress{0};  // requests read and not yet answered
  std::mutex sessions_mutex;
  std::unordered_set<std::shared_ptr<Session>> sessions;
  std::vector<std::weak_ptr<EventStream>> streams;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared, std::string peer_address, std::shared_ptr<void> slot)
      : stream_(std::move(socket)), shared_(shared), peer_address_(std::move(peer_address)), slot_(std::move(slot)) {}

  // Whether the connection waits for a request, and since when (read from any thread: the choice
  // of which idle connection makes room for a new one).
  bool idle() const { return idle_.load(); }
  SteadyClock::rep idle_since() const { return idle_since_.load(); }
  const std::string& peer_address() const { return peer_address_; }

  void start() {
    beast::error_code ec;
    const tcp::endpoint local = stream_.socket().local_endpoint(ec);
    if (!ec) {
      const std::string address = local.address().to_string();
      local_authority_ = (local.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(local.port());
    }
    {
      std::lock_guard<std::mutex> lock(shared_.sessions_mutex);
      shared_.sessions.insert(shared_from_this());
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
  }

  // Called at the drain: an idle connection closes now, a busy one after its answer.
  void drain() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->close();
    });
  }

 private:
  void read_request() {
    if (shared_.draining.load()) return close();  // nothing new is read once the drain has begun
    idle_since_ = SteadyClock::now().time_since_epoch().count();
    idle_ = true;
    origin_.clear();
    method_.clear();
    target_.clear();
    request_id_.clear();
    parser_.emplace();
    parser_->body_limit(shared_.options.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
    stream_.expires_after(std::chrono::seconds(requests_ == 0 ? shared_.options.header_timeout_seconds
                                                              : shared_.options.idle_timeout_seconds));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // The head has arrived: a request whose body's length is ambiguous is refused before its body.
  void on_header(beast::error_code ec, std::size_t) {
    idle_ = false;
    started_ = SteadyClock::now();
    if (read_failed(ec)) return;
    request_id_ = request_id(parser_->get()["X-Request-Id"]);
    const std::string problem = framing_problem(parser_->get());
    method_ = std::string(parser_->get().method_string());
    target_ = std::string(parser_->get().target());
    if (!problem.empty()) return answer_error(400, kInvalidArgument, "request.bad_framing", problem);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  // Closes or answers a failed read: true when it did.
  bool read_failed(beast::error_code ec) {
    if (!ec) return false;
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      close();
      return true;
    }
    if (ec == http::error::body_limit) {
      answer_error(413, kRequestTooLarge, "request.too_large",
                   "The body is larger than " + std::to_string(shared_.options.max_body_bytes) + " bytes.");
    } else if (ec == http::error::header_limit) {
      answer_error(431, kInvalidArgument, "request.headers_too_large", "The request headers are too large.");
    } else {
      answer_error(400, kInvalidArgument, "request.malformed", "The request is not valid HTTP/1.1.");
    }
    return true;
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (read_failed(ec)) return;
    ++requests_;
    counted_ = true;
    ++shared_.in_progress;
    const http::request<http::string_body>& in = parser_->get();
    keep_alive_ = in.keep_alive();
    HttpRequest request;
    if (!to_http_request(in, request))
      return answer_error(400, kInvalidArgument, "request.bad_escape", "The URL has a bad %-escape.");
    request.id = request_id_;
    request.peer_address = peer_address_;
    request.local_authority = local_authority_;
    origin_ = request.header("origin");
    if (auto preflight = shared_.options.cors.preflight(request)) {
      preflight->route = "preflight";
      return write(std::move(*preflight));
    }
    // The answer may come from the store's writer thread; the work guard keeps the I/O threads
    // running (also through a drain) until it is written.
    const auto reply = [self = shared_from_this(),
                        work = net::make_work_guard(stream_.get_executor())](HttpResponse response) {
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
    };
    for (HttpHandler* handler : shared_.handlers) {
      if (handler->handle(request, reply)) return;
    }
    write(serve_static_file(shared_.options.static_dir, request));
  }

  // An event stream's answer: its head goes out first, then the connection is the stream's.
  void hand_over(HttpResponse response) {
    shared_.options.cors.decorate(origin_, response.headers);
    response.headers["Connection"] = "close";
    response.headers["X-Request-Id"] = request_id_;
    std::string head = raw_answer(response, true);
    record(response, 0);
    forget();
    auto stream =
        start_event_stream(std::move(stream_), std::move(head), shared_.options.heartbeat_seconds, std::move(slot_));
    bool draining = false;
    {
      // The drain sets its flag before it takes this lock: a stream registered here is closed by it,
      // and one that comes later sees the flag.
      std::lock_guard<std::mutex> lock(shared_.sessions_mutex);
      draining = shared_.draining.load();
      auto& streams = shared_.streams;
      streams.erase(std::remove_if(streams.begin(), streams.end(), [](const auto& weak) { return weak.expired(); }),
                    streams.end());
      if (!draining) streams.push_back(stream);
    }
    response.open_stream(stream);
    if (draining) stream->close();
  }

  void answer_error(int status, const char* dataverse_code, const std::string& code, const std::string& message) {
    keep_alive_ = false;
    linger_ = true;
    write(error_response(status, dataverse_code, code, message));
  }

  // After answering a request that was not read whole (413, a malformed one), the rest the client
  // still sends is read and dropped for 5 s at most (from the answer, not from the last byte: a
  // client that trickles bytes does not keep it), so it receives the answer instead of a reset.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(5));
    discard();
  }

  void discard() {
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->discard();
    });
  }

  void write(HttpResponse response) {
    if (response.open_stream) return hand_over(std::move(response));
    auto out = std::make_shared<http::response<http::string_body>>();
    out->result(static_cast<http::status>(response.status));
    out->version(11);
    out->set(http::field::server, "appnotifyd");
    shared_.options.cors.decorate(origin_, response.headers);
    for (const auto& [name, value] : response.headers) out->set(name, value);
    if (!request_id_.empty()) out->set("X-Request-Id", request_id_);
    const bool keep = keep_alive_ && !shared_.draining.load();
    out->keep_alive(keep);
    out->body() = std::move(response.body);
    out->prepare_payload();
    if (method_ == "HEAD") {  // the headers of the GET, without its body
      const std::size_t length = out->body().size();
      out->body().clear();
      out->content_length(length);
    }
    if (response.status == 304) out->erase(http::field::content_length);
    record(response, out->body().size());
    http::async_write(stream_, *out, [self = shared_from_this(), out, keep](beast::error_code ec, std::size_t) {
      if (!ec && self->linger_) return self->linger();
      if (ec || !keep) return self->close();
      self->read_request();
    });
  }

  void record(const HttpResponse& response, std::size_t bytes) {
    if (counted_) {
      counted_ = false;
      --shared_.in_progress;
    }
    // A route the handler did not name: a file (or none) outside /api/, or something no handler
    // took; a few fixed names, so that clients cannot grow the metrics with made-up paths.
    std::string route = response.route;
    if (route.empty()) route = target_.rfind("/api/", 0) == 0 ? "unmatched" : method_.empty() ? "malformed" : "static";
    record_request(
        RequestRecord{request_id_, peer_address_, method_, target_, route, response.status, elapsed_ms(), bytes});
  }

  double elapsed_ms() const { return std::chrono::duration<double, std::milli>(SteadyClock::now() - started_).count(); }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
    forget();
  }

  void forget() {
    std::lock_guard<std::mutex> lock(shared_.sessions_mutex);
    shared_.sessions.erase(shared_from_this());
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string method_, target_;
  std::string request_id_;
  std::string origin_;  // the request's Origin header, for its CORS headers
  const std::string peer_address_;
  std::string local_authority_;
  std::shared_ptr<void> slot_;  // counts this connection (connection_limits.h) until it closes
  bool keep_alive_ = false;
  bool linger_ = false;
  bool counted_ = false;  // this request is counted in shared_.in_progress
  std::atomic<bool> idle_{true};
  std::atomic<SteadyClock::rep> idle_since_{SteadyClock::now().time_since_epoch().count()};
  char discard_[4096];
  std::size_t requests_ = 0;
  SteadyClock::time_point started_ = SteadyClock::now();
};

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
    std::make_shared<Session>(std::move(socket), shared, address, shared.limits.take(address))->start();
  }

  bool close_longest_idle(const std::string* address) {
    std::shared_ptr<Session> longest;
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
    std::vector<std::shared_ptr<Session>> sessions;
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
  describe_metrics();
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
