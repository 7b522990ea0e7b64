#include "http/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <unordered_set>
#include <vector>

#include "http/beast_request.h"
#include "http/static_files.h"
#include "odata/api.h"
#include "odata/records_json.h"
#include "push/push_hub.h"

namespace appnotify::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr const char* kStreamPath = "/api/appnotify/v1/stream";

// One line of JSON per request, on stderr.
void log_request(const std::string& method, const std::string& target, int status, double ms, std::size_t bytes) {
  nlohmann::json line = {{"method", method},
                         {"target", target.substr(0, 300)},
                         {"status", status},
                         {"ms", static_cast<double>(static_cast<long long>(ms * 1000)) / 1000},
                         {"bytes", bytes}};
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
}

class Session;
class StreamSubscriber;

// State shared by the connections: the API, the push hub, the live connections (for the drain).
struct Shared {
  Shared(Api& a, PushHub& h, ServerOptions o) : api(a), hub(h), options(std::move(o)) {}
  Api& api;
  PushHub& hub;
  ServerOptions options;
  std::atomic<bool> draining{false};
  std::mutex sessions_mutex;
  std::unordered_set<std::shared_ptr<Session>> sessions;
  std::vector<std::weak_ptr<StreamSubscriber>> streams;
};

// A push stream (Server-Sent Events) for one user.
class StreamSubscriber : public PushSubscriber, public std::enable_shared_from_this<StreamSubscriber> {
 public:
  StreamSubscriber(beast::tcp_stream stream, Shared& shared, std::string owner, std::string authorization,
                   std::int64_t valid_until_ms)
      : stream_(std::move(stream)),
        shared_(shared),
        owner_(std::move(owner)),
        authorization_(std::move(authorization)),
        valid_until_ms_(valid_until_ms),
        heartbeat_(stream_.get_executor()) {}

  // `extra_headers`: whole header lines (the CORS headers of a cross-origin stream).
  void start(std::int64_t resume_after, bool resuming, const std::string& extra_headers) {
    stream_.expires_never();
    shared_.hub.subscribe(owner_, shared_from_this());
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n"
        "Connection: close\r\nX-Accel-Buffering: no\r\n" +
        extra_headers + "\r\nretry: 2000\n\n";
    queue(std::move(head));
    // Subscribed before reading the backlog, so nothing falls between them; ids above what was sent
    // are delivered once. The last id is read before the backlog: every event of this owner up to it
    // is in the backlog (ids commit in order), so "ready" may name it without passing over any.
    const std::int64_t now = shared_.api.clock().now_ms();
    std::int64_t current = 0;
    try {
      current = shared_.api.store().last_event_id();
      if (resuming) {
        for (const ChangeEvent& event : shared_.api.store().events_after(owner_, resume_after, now, 10000)) {
          // A record since deleted or expired is not replayed: a later event says so, or its expiry.
          if (event.record || event.kind == "deleted") send(event);
        }
      }
    } catch (const StoreUnavailable&) {
      return shutdown();  // the client comes back later, resuming where it was
    }
    if (current > sent_up_to_) {
      sent_up_to_ = current;
      queue("id: " + std::to_string(current) + "\nevent: ready\ndata: {}\n\n");
    } else {
      queue("event: ready\ndata: {}\n\n");
    }
    watch_for_close();
    schedule_heartbeat();
  }

  void deliver(const ChangeEvent& event) override {
    net::post(stream_.get_executor(), [self = shared_from_this(), event] { self->send(event); });
  }

  void close() {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->shutdown(); });
  }

  // Users changed: the stream goes on only while its token is still good (not disabled, not re-keyed).
  void recheck() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      try {
        if (!self->closed_ && !self->shared_.api.authenticate_header(self->authorization_).principal) self->shutdown();
      } catch (const StoreUnavailable&) {
        // cannot tell now: checked again at the next change of the users
      }
    });
  }

  bool expired(std::int64_t now_ms) const { return now_ms > valid_until_ms_; }

 private:
  void send(const ChangeEvent& event) {
    if (event.id <= sent_up_to_) return;
    sent_up_to_ = event.id;
    std::string data =
        event.record ? record_json(*event.record, {}, "") : "{\"appnotificationid\":\"" + event.notification_id + "\"}";
    queue("id: " + std::to_string(event.id) + "\nevent: " + event.kind + "\ndata: " + data + "\n\n");
  }

  void queue(std::string text) {
    if (closed_) return;
    if (pending_.size() > 10000) return shutdown();  // a client that never reads is let go
    pending_.push_back(std::move(text));
    if (pending_.size() == 1) write_next();
  }

  void write_next() {
    net::async_write(stream_, net::buffer(pending_.front()),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->shutdown();
                       self->pending_.pop_front();
                       if (!self->pending_.empty()) self->write_next();
                     });
  }

  // The client sends nothing on a push stream; a read that ends means it went away.
  void watch_for_close() {
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->shutdown();
      self->watch_for_close();
    });
  }

  void schedule_heartbeat() {
    heartbeat_.expires_after(std::chrono::seconds(shared_.options.heartbeat_seconds));
    heartbeat_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      self->queue(": heartbeat\n\n");
      self->schedule_heartbeat();
    });
  }

  void shutdown() {
    if (closed_) return;
    closed_ = true;
    heartbeat_.cancel();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  std::string owner_;
  const std::string authorization_;
  const std::int64_t valid_until_ms_;
  net::steady_timer heartbeat_;
  std::deque<std::string> pending_;
  std::int64_t sent_up_to_ = 0;
  bool closed_ = false;
  char discard_[512];
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}

  void start() {
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
    idle_ = true;
    origin_.clear();
    parser_.emplace();
    parser_->body_limit(shared_.options.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
    stream_.expires_after(std::chrono::seconds(requests_ == 0 ? shared_.options.header_timeout_seconds
                                                              : shared_.options.idle_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    idle_ = false;
    started_ = Clock::now();
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return close();
    }
    if (ec == http::error::body_limit) {
      return answer_error(413, kRequestTooLarge, "request.too_large",
                          "The body is larger than " + std::to_string(shared_.options.max_body_bytes) + " bytes.");
    }
    if (ec == http::error::header_limit) {
      return answer_error(431, kInvalidArgument, "request.headers_too_large", "The request headers are too large.");
    }
    if (ec) return answer_error(400, kInvalidArgument, "request.malformed", "The request is not valid HTTP/1.1.");
    ++requests_;
    const http::request<http::string_body>& in = parser_->get();
    method_ = std::string(in.method_string());
    target_ = std::string(in.target());
    keep_alive_ = in.keep_alive();
    HttpRequest request;
    if (!to_http_request(in, request))
      return answer_error(400, kInvalidArgument, "request.bad_escape", "The URL has a bad %-escape.");
    origin_ = request.header("origin");
    if (auto preflight = shared_.options.cors.preflight(request)) return write(std::move(*preflight));
    if (request.path == kStreamPath) return open_stream(request);
    // The answer may come from the store's writer thread; the work guard keeps the I/O threads
    // running (also through a drain) until it is written.
    const auto reply = [self = shared_from_this(),
                        work = net::make_work_guard(stream_.get_executor())](HttpResponse response) {
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
    };
    if (shared_.api.handle(request, reply)) return;
    write(serve_static_file(shared_.options.static_dir, request));
  }

  void open_stream(const HttpRequest& request) {
    if (request.method != "GET") {
      return answer_error(405, kMethodNotAllowed, "method_not_allowed", "The push stream accepts GET only.");
    }
    AuthResult auth;
    try {
      auth = shared_.api.authenticate(request);
    } catch (const StoreUnavailable&) {
      return write(Api::unavailable());
    }
    if (!auth.principal) return write(Api::unauthenticated(auth));
    const Principal& user = *auth.principal;
    std::string last = request.header("last-event-id");
    if (last.empty() && request.query.count("lastEventId")) last = request.query.at("lastEventId");
    const bool resuming =
        !last.empty() && last.size() < 19 && last.find_first_not_of("0123456789") == std::string::npos;
    log_request(method_, target_, 200, elapsed_ms(), 0);
    forget();
    auto subscriber = std::make_shared<StreamSubscriber>(std::move(stream_), shared_, user.id,
                                                         request.header("authorization"), user.valid_until_ms);
    std::map<std::string, std::string> cors;
    shared_.options.cors.decorate(origin_, cors);
    std::string extra_headers;
    for (const auto& [name, value] : cors) extra_headers += name + ": " + value + "\r\n";
    bool draining = false;
    {
      // The drain sets its flag before it takes this lock: a stream registered here is closed by it,
      // and one that comes later sees the flag.
      std::lock_guard<std::mutex> lock(shared_.sessions_mutex);
      draining = shared_.draining.load();
      auto& streams = shared_.streams;
      streams.erase(std::remove_if(streams.begin(), streams.end(), [](const auto& weak) { return weak.expired(); }),
                    streams.end());
      if (!draining) streams.push_back(subscriber);
    }
    subscriber->start(resuming ? std::stoll(last) : 0, resuming, extra_headers);
    if (draining) subscriber->close();
  }

  void answer_error(int status, const char* dataverse_code, const std::string& code, const std::string& message) {
    keep_alive_ = false;
    linger_ = true;
    write(error_response(status, dataverse_code, code, message));
  }

  // After answering a request that was not read whole (413, a malformed one), the rest the client
  // still sends is read and dropped for a while, so it receives the answer instead of a reset.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(5));
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->linger();
    });
  }

  void write(HttpResponse response) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->result(static_cast<http::status>(response.status));
    out->version(11);
    out->set(http::field::server, "appnotifyd");
    shared_.options.cors.decorate(origin_, response.headers);
    for (const auto& [name, value] : response.headers) out->set(name, value);
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
    log_request(method_, target_, response.status, elapsed_ms(), out->body().size());
    http::async_write(stream_, *out, [self = shared_from_this(), out, keep](beast::error_code ec, std::size_t) {
      if (!ec && self->linger_) return self->linger();
      if (ec || !keep) return self->close();
      self->read_request();
    });
  }

  double elapsed_ms() const { return std::chrono::duration<double, std::milli>(Clock::now() - started_).count(); }

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
  std::string origin_;  // the request's Origin header, for its CORS headers
  bool keep_alive_ = false;
  bool linger_ = false;
  bool idle_ = true;
  char discard_[4096];
  std::size_t requests_ = 0;
  Clock::time_point started_ = Clock::now();
};

}  // namespace

// The acceptor, the signals, the timers and the drain share one strand, so the drain never runs
// beside one of their handlers; a handler that was already due when the drain began sees the
// draining flag and does not start again (a timer re-armed after the drain would keep the I/O
// threads, and the process, alive).
struct HttpServer::Impl {
  Impl(Api& api, PushHub& hub, ServerOptions options)
      : shared(api, hub, options),
        ioc(options.threads),
        control(net::make_strand(ioc)),
        acceptor(control),
        signals(control, SIGINT, SIGTERM),
        sweeper(control),
        log_flusher(control),
        users_watch(control) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (shared.draining.load()) {
        beast::error_code ignored;
        socket.close(ignored);
        return;
      }
      if (ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
        return accept();  // e.g. too many open files: keep serving the others
      }
      std::make_shared<Session>(std::move(socket), shared)->start();
      accept();
    });
  }

  void sweep() {
    sweeper.expires_after(std::chrono::seconds(shared.options.sweep_interval_seconds));
    sweeper.async_wait([this](beast::error_code ec) {
      if (ec || shared.draining.load()) return;
      const auto started = std::chrono::steady_clock::now();
      // Queued for the writer, in batches; logged when it deleted anything.
      shared.api.store().sweep(
          shared.api.clock().now_ms(), shared.api.options().event_retention_ms,
          [started](std::int64_t deleted, std::int64_t transactions) {
            if (deleted == 0) return;
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
            nlohmann::json line = {
                {"swept", deleted}, {"transactions", transactions}, {"ms", static_cast<long long>(ms)}};
            const std::string text = line.dump() + "\n";
            std::fwrite(text.data(), 1, text.size(), stderr);
          });
      sweep();
    });
  }

  // Reads the users' version; when it moved, drops the cached credentials and has every stream
  // check its token again. Streams whose JWT expired close on the way.
  void watch_users() {
    users_watch.expires_after(std::chrono::milliseconds(shared.options.users_watch_ms));
    users_watch.async_wait([this](beast::error_code ec) {
      if (ec || shared.draining.load()) return;
      std::int64_t version = users_version;
      try {
        version = shared.api.store().users_version();
      } catch (const StoreUnavailable&) {
        // the database is away: nothing to learn until it is back
      }
      const bool changed = version != users_version;
      users_version = version;
      if (changed) shared.api.authenticator().forget_cached();
      const std::int64_t now = shared.api.clock().now_ms();
      {
        std::lock_guard<std::mutex> lock(shared.sessions_mutex);
        for (auto& weak : shared.streams) {
          auto stream = weak.lock();
          if (!stream) continue;
          if (stream->expired(now)) {
            stream->close();
          } else if (changed) {
            stream->recheck();
          }
        }
      }
      watch_users();
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
    beast::error_code ignored;
    acceptor.close(ignored);
    sweeper.cancel();
    users_watch.cancel();
    signals.cancel();
    std::vector<std::shared_ptr<Session>> sessions;
    {
      std::lock_guard<std::mutex> lock(shared.sessions_mutex);
      sessions.assign(shared.sessions.begin(), shared.sessions.end());
      for (auto& weak : shared.streams) {
        if (auto stream = weak.lock()) stream->close();
      }
      shared.streams.clear();
    }
    for (auto& session : sessions) session->drain();
  }

  Shared shared;
  net::io_context ioc;
  net::strand<net::io_context::executor_type> control;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer sweeper;
  net::steady_timer log_flusher;
  net::steady_timer users_watch;
  std::int64_t users_version = 0;
};

HttpServer::HttpServer(Api& api, PushHub& hub, ServerOptions options)
    : impl_(std::make_unique<Impl>(api, hub, std::move(options))) {}

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
  impl.sweep();
  impl.flush_logs();
  try {
    impl.users_version = impl.shared.api.store().users_version();
  } catch (const StoreUnavailable&) {
    // read at the first tick that reaches the database
  }
  impl.watch_users();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl.shared.options.threads; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (std::thread& thread : threads) thread.join();
  std::fflush(stderr);
}

}  // namespace appnotify::server
