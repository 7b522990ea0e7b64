#include "http/beast_event_stream.h"

#include <boost/asio.hpp>
#include <chrono>
#include <deque>

namespace appnotify::server {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class BeastEventStream : public EventStream, public std::enable_shared_from_this<BeastEventStream> {
 public:
  BeastEventStream(beast::tcp_stream connection, int heartbeat_seconds, std::shared_ptr<void> slot)
      : connection_(std::move(connection)),
        heartbeat_seconds_(heartbeat_seconds),
        heartbeat_(connection_.get_executor()),
        slot_(std::move(slot)) {}

  void start(std::string head) {
    connection_.expires_never();
    write(std::move(head));
    watch_for_close();
    schedule_heartbeat();
  }

  void post(std::function<void()> work) override { net::post(connection_.get_executor(), std::move(work)); }

  void write(std::string text) override {
    if (closed_) return;
    if (queued_bytes_ + text.size() > kMaxQueuedBytes) return shutdown();
    queued_bytes_ += text.size();
    pending_.push_back(std::move(text));
    if (pending_.size() == 1) write_next();
  }

  void when_drained(std::function<void()> next) override {
    if (closed_) return;
    if (pending_.empty()) return next();
    drained_ = std::move(next);
  }

  void close() override {
    net::post(connection_.get_executor(), [self = shared_from_this()] { self->shutdown(); });
  }

  bool closed() const override { return closed_; }

  void keep(std::shared_ptr<void> owner) override { owner_ = std::move(owner); }

 private:
  void write_next() {
    net::async_write(connection_, net::buffer(pending_.front()),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->shutdown();
                       self->queued_bytes_ -= self->pending_.front().size();
                       self->pending_.pop_front();
                       if (!self->pending_.empty()) return self->write_next();
                       if (auto next = std::move(self->drained_)) {
                         self->drained_ = nullptr;
                         next();
                       }
                     });
  }

  // The client sends nothing on an event stream; a read that ends means it went away.
  void watch_for_close() {
    connection_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->shutdown();
      self->watch_for_close();
    });
  }

  void schedule_heartbeat() {
    heartbeat_.expires_after(std::chrono::seconds(heartbeat_seconds_));
    heartbeat_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      self->write(": heartbeat\n\n");
      self->schedule_heartbeat();
    });
  }

  void shutdown() {
    if (closed_) return;
    closed_ = true;
    heartbeat_.cancel();
    beast::error_code ignored;
    connection_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    connection_.close();
    owner_.reset();  // the owner holds this stream: the cycle ends here
    drained_ = nullptr;
    slot_.reset();
  }

  beast::tcp_stream connection_;
  const int heartbeat_seconds_;
  net::steady_timer heartbeat_;
  std::deque<std::string> pending_;
  std::size_t queued_bytes_ = 0;
  std::function<void()> drained_;
  bool closed_ = false;
  std::shared_ptr<void> owner_;
  std::shared_ptr<void> slot_;
  char discard_[512];
};

}  // namespace

std::shared_ptr<EventStream> start_event_stream(beast::tcp_stream connection, std::string head, int heartbeat_seconds,
                                                std::shared_ptr<void> slot) {
  auto stream = std::make_shared<BeastEventStream>(std::move(connection), heartbeat_seconds, std::move(slot));
  stream->start(std::move(head));
  return stream;
}

}  // namespace appnotify::server
