// Worker threads shared fairly among callers: each caller's jobs run in the order given, callers take
// turns (round robin), and no caller has more than `per_caller` jobs running at once. So one caller's
// slow requests (a search through a lot of text) hold at most that many workers, and everyone
// else's requests go on in the others: a slow read cannot starve the rest. The Web API runs its
// requests' work here, off the I/O threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace appnotify::server {

class FairPool {
 public:
  FairPool(std::size_t workers, std::size_t per_caller);
  ~FairPool();  // runs what is queued, then joins the workers
  FairPool(const FairPool&) = delete;
  FairPool& operator=(const FairPool&) = delete;

  // Queues `job` for `caller`; it runs on a worker when its turn comes.
  void submit(const std::string& caller, std::function<void()> job);

 private:
  struct Caller {
    std::deque<std::function<void()>> jobs;
    std::size_t running = 0;
    bool in_turn = false;  // in turns_
  };
  void work();
  // Puts `name` in line for a turn if it has a job waiting and room to run it.
  void take_turn_if_due(const std::string& name, Caller& caller);

  const std::size_t per_caller_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::unordered_map<std::string, Caller> callers_;
  std::deque<std::string> turns_;  // callers with a job that may run, in order
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace appnotify::server
