// A text/event-stream answer that stays open (Server-Sent Events): after writing its head, the
// server hands the connection to one of these. It queues what it is given, writes it in order,
// sends a heartbeat comment every `heartbeat` seconds, and closes when the client goes away, when
// the client stops reading (over kMaxQueuedBytes waiting), or at close(). What it carries is its
// owner's business (push/push_stream.h), which writes a long backlog a part at a time
// (when_drained), so that memory per stream stays bounded.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace appnotify::server {

class EventStream {
 public:
  virtual ~EventStream() = default;

  // Runs `work` on the stream's strand; callable from any thread.
  virtual void post(std::function<void()> work) = 0;
  // Queues `text` for the client; on the strand only.
  virtual void write(std::string text) = 0;
  // Ends the stream; callable from any thread. Writes after it are dropped.
  virtual void close() = 0;
  // True once the stream ended (on the strand).
  virtual bool closed() const = 0;
  // Keeps `owner` alive until the stream ends (the object that writes to it).
  virtual void keep(std::shared_ptr<void> owner) = 0;
  // Runs `next` on the strand once everything queued has been written (at once when nothing is);
  // never when the stream ends first. On the strand only.
  virtual void when_drained(std::function<void()> next) = 0;

  static constexpr std::size_t kMaxQueuedBytes = 1 << 20;  // a client that stops reading is let go
};

}  // namespace appnotify::server
