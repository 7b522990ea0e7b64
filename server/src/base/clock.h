// The server's only source of time. Tests start the server with --test-clock and set the time
// through the API, so expiry is checked at its exact millisecond without waiting.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace appnotify::server {

class Clock {
 public:
  std::int64_t now_ms() const {
    if (fixed_) return fixed_ms_.load();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  void enable_test_control() { test_control_ = true; }
  bool test_control() const { return test_control_; }
  void set(std::int64_t ms) {
    fixed_ = true;
    fixed_ms_.store(ms);
  }

 private:
  bool test_control_ = false;
  std::atomic<bool> fixed_{false};
  std::atomic<std::int64_t> fixed_ms_{0};
};

}  // namespace appnotify::server
