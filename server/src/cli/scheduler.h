// serve's periodic work, on a thread of its own: the expiry sweep and the users' watch. Tasks run
// one after another, each at its period (a task that overran runs again at once, never twice).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace appnotify::server {

class Scheduler {
 public:
  ~Scheduler() { stop(); }

  // Adds a task, first run one period after start(); only before start().
  void every(std::chrono::milliseconds period, std::function<void()> task);
  void start();
  // Waits for a task that is running, then returns; no task runs after it.
  void stop();

 private:
  using SteadyClock = std::chrono::steady_clock;
  struct Task {
    std::chrono::milliseconds period;
    std::function<void()> run;
    SteadyClock::time_point due;
  };
  void loop();

  std::vector<Task> tasks_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace appnotify::server
