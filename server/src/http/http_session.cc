#include "http/http_session.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "http/access_log.h"
#include "http/beast_event_stream.h"
#include "http/beast_request.h"
#include "http/error_response.h"
#include "http/static_files.h"

namespace appnotify::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

// Files kept free beside the connections: database connections, outbound fetches, logs.
constexpr std::size_t kReservedFiles = 64;

ServerOptions with_files_limit(ServerOptions options) {
  options.max_connections = connections_that_fit(options.max_connections, kReservedFiles + 2 * options.threads);
  return options;
}

class Session : public Connection, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared, std::string peer_address, std::shared_ptr<void> slot)
      : stream_(std::move(socket)), shared_(shared), peer_address_(std::move(peer_address)), slot_(std::move(slot)) {}

  // Whether the connection waits for a request, and since when (read from any thread: the choice
  // of which idle connection makes room for a new one).
  bool idle() const override { return idle_.load(); }
  SteadyClock::rep idle_since() const override { return idle_since_.load(); }
  const std::string& peer_address() const override { return peer_address_; }

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
  void drain() override {
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

Shared::Shared(std::vector<HttpHandler*> h, ServerOptions o)
    : handlers(std::move(h)),
      options(with_files_limit(std::move(o))),
      limits(options.max_connections, options.max_connections_per_address, options.unlimited_address) {}

void start_session(tcp::socket socket, Shared& shared, std::string peer_address, std::shared_ptr<void> slot) {
  std::make_shared<Session>(std::move(socket), shared, std::move(peer_address), std::move(slot))->start();
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

}  // namespace appnotify::server
