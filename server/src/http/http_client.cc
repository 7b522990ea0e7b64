#include "http/http_client.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <mutex>
#include <thread>

namespace appnotify::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct Url {
  bool tls = false;
  std::string host, port, target;
};

std::optional<Url> parse_url(const std::string& url) {
  Url out;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    out.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return std::nullopt;
  }
  const std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  std::size_t colon = authority.rfind(':');
  if (authority.front() == '[') {  // [::1]:8443
    const std::size_t close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    out.host = authority.substr(1, close - 1);
    colon = authority.size() > close + 1 && authority[close + 1] == ':' ? close + 1 : std::string::npos;
  } else {
    out.host = authority.substr(0, colon);
  }
  out.port = colon == std::string::npos ? (out.tls ? "443" : "80") : authority.substr(colon + 1);
  if (out.host.empty() || out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return out;
}

// One request and its answer, step by step, each step under its own deadline.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(net::io_context& ioc, ssl::context& tls, const OutboundLimits& limits, Url url, OutboundRequest request,
           OutboundDone done)
      : limits_(limits),
        url_(std::move(url)),
        done_(std::move(done)),
        resolver_(ioc),
        step_timer_(ioc),
        total_timer_(ioc) {
    if (url_.tls) {
      tls_stream_.emplace(ioc, tls);
    } else {
      plain_stream_.emplace(ioc);
    }
    request_.method_string(request.method);
    request_.target(url_.target);
    request_.version(11);
    const bool default_port = url_.port == (url_.tls ? "443" : "80");
    const std::string host = url_.host.find(':') != std::string::npos ? "[" + url_.host + "]" : url_.host;
    request_.set(http::field::host, default_port ? host : host + ":" + url_.port);
    request_.set(http::field::user_agent, "appnotifyd");
    for (const auto& [name, value] : request.headers) request_.set(name, value);
    request_.body() = std::move(request.body);
    if (!request_.body().empty() || request.method == "POST" || request.method == "PUT") request_.prepare_payload();
    parser_.body_limit(limits_.max_bytes);
  }

  void start() {
    total_timer_.expires_after(limits_.total);
    total_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->fail("the exchange with " + self->url_.host + " took longer than " + ms(self->limits_.total));
    });
    step_timer_.expires_after(limits_.step);
    step_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->resolver_.cancel();  // the resolve below then fails with operation_aborted
    });
    resolver_.async_resolve(
        url_.host, url_.port, [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type found) {
          const bool timed_out = self->step_timer_.expiry() <= std::chrono::steady_clock::now();
          self->step_timer_.cancel();
          if (timed_out && ec)
            return self->fail("resolving " + self->url_.host + " timed out after " + ms(self->limits_.step));
          if (ec) return self->fail("cannot resolve " + self->url_.host + ": " + ec.message());
          self->connect(found);
        });
  }

  // Fails the exchange now (the client is stopping): closes its connection.
  void abandon(const std::string& why) { fail(why); }

 private:
  static std::string ms(std::chrono::milliseconds duration) { return std::to_string(duration.count()) + " ms"; }

  beast::tcp_stream& tcp_layer() { return tls_stream_ ? beast::get_lowest_layer(*tls_stream_) : *plain_stream_; }

  // Calls `work` with the stream the request goes over: TLS or plain.
  template <typename Work>
  void with_stream(Work&& work) {
    if (tls_stream_) return work(*tls_stream_);
    work(*plain_stream_);
  }

  std::string failure(const std::string& step, beast::error_code ec) const {
    if (ec == beast::error::timeout) return step + " timed out after " + ms(limits_.step);
    return step + " failed: " + ec.message();
  }

  void connect(const tcp::resolver::results_type& found) {
    tcp_layer().expires_after(limits_.step);
    tcp_layer().async_connect(found, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return self->fail(self->failure("connecting to " + self->url_.host + ":" + self->url_.port, ec));
      if (self->tls_stream_) return self->handshake();
      self->write();
    });
  }

  void handshake() {
    if (!SSL_set_tlsext_host_name(tls_stream_->native_handle(), url_.host.c_str())) {
      return fail("cannot set the TLS server name " + url_.host);
    }
    tls_stream_->set_verify_mode(ssl::verify_peer);
    tls_stream_->set_verify_callback(ssl::host_name_verification(url_.host));
    tcp_layer().expires_after(limits_.step);
    tls_stream_->async_handshake(ssl::stream_base::client, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail(self->failure("TLS handshake with " + self->url_.host, ec));
      self->write();
    });
  }

  void write() {
    tcp_layer().expires_after(limits_.step);
    with_stream([this](auto& stream) {
      http::async_write(stream, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->fail(self->failure("sending the request to " + self->url_.host, ec));
        self->read();
      });
    });
  }

  // Each read of the answer has its own deadline: a server that trickles bytes is let go at the
  // whole exchange's deadline.
  void read() {
    tcp_layer().expires_after(limits_.step);
    with_stream([this](auto& stream) {
      http::async_read_some(stream, buffer_, parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->fail(self->failure("reading the answer of " + self->url_.host, ec));
        if (!self->parser_.is_done()) return self->read();
        self->finish();
      });
    });
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    close();
    OutboundResponse response;
    const auto& answer = parser_.get();
    response.status = answer.result_int();
    for (const auto& field : answer) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      response.headers[name] = std::string(field.value());
    }
    response.body = std::move(parser_.get().body());
    done_(std::move(response), "");
  }

  void fail(const std::string& error) {
    if (finished_) return;
    finished_ = true;
    close();
    done_(std::nullopt, error);
  }

  void close() {
    step_timer_.cancel();
    total_timer_.cancel();
    resolver_.cancel();
    beast::error_code ignored;
    tcp_layer().socket().close(ignored);
  }

  const OutboundLimits limits_;
  const Url url_;
  OutboundDone done_;
  tcp::resolver resolver_;
  net::steady_timer step_timer_;   // the resolve's deadline (the stream has its own for the rest)
  net::steady_timer total_timer_;  // the whole exchange's
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_stream_;
  std::optional<beast::tcp_stream> plain_stream_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  bool finished_ = false;
};

}  // namespace

struct HttpClient::Impl {
  explicit Impl(OutboundLimits l) : limits(l), tls(ssl::context::tls_client), work(net::make_work_guard(ioc)) {
    beast::error_code ignored;
    tls.set_default_verify_paths(ignored);
    thread = std::thread([this] { ioc.run(); });
  }

  OutboundLimits limits;
  net::io_context ioc;
  ssl::context tls;
  net::executor_work_guard<net::io_context::executor_type> work;
  std::thread thread;
  std::mutex mutex;
  std::vector<std::weak_ptr<Exchange>> exchanges;  // in flight, for the stop
  std::atomic<bool> stopped{false};
};

HttpClient::HttpClient(OutboundLimits limits) : impl_(std::make_unique<Impl>(limits)) {}

HttpClient::~HttpClient() { stop(); }

void HttpClient::stop() {
  if (impl_->stopped.exchange(true)) return;
  net::post(impl_->ioc, [impl = impl_.get()] {
    std::vector<std::weak_ptr<Exchange>> exchanges;
    {
      std::lock_guard<std::mutex> lock(impl->mutex);
      exchanges.swap(impl->exchanges);
    }
    for (auto& weak : exchanges) {
      if (auto exchange = weak.lock()) exchange->abandon("appnotifyd is stopping");
    }
    impl->work.reset();  // the thread ends once the closed connections' handlers have run
  });
  impl_->thread.join();
}

void HttpClient::send(OutboundRequest request, OutboundDone done) {
  if (impl_->stopped.load()) return done(std::nullopt, "appnotifyd is stopping");
  std::optional<Url> url = parse_url(request.url);
  if (!url) {
    const std::string error = "not an http(s) URL: " + request.url;
    net::post(impl_->ioc, [done = std::move(done), error] { done(std::nullopt, error); });
    return;
  }
  auto exchange =
      std::make_shared<Exchange>(impl_->ioc, impl_->tls, impl_->limits, *url, std::move(request), std::move(done));
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    auto& live = impl_->exchanges;
    live.erase(std::remove_if(live.begin(), live.end(), [](const auto& weak) { return weak.expired(); }), live.end());
    live.push_back(exchange);
  }
  net::post(impl_->ioc, [exchange] { exchange->start(); });
}

bool is_http_url(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

}  // namespace appnotify::server
