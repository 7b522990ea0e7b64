#include "base/fair_pool.h"

#include <algorithm>

namespace appnotify::server {

FairPool::FairPool(std::size_t workers, std::size_t per_caller) : per_caller_(std::max<std::size_t>(1, per_caller)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, workers); ++i) workers_.emplace_back([this] { work(); });
}

FairPool::~FairPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void FairPool::take_turn_if_due(const std::string& name, Caller& caller) {
  if (caller.in_turn || caller.jobs.empty() || caller.running >= per_caller_) return;
  caller.in_turn = true;
  turns_.push_back(name);
}

void FairPool::submit(const std::string& caller, std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Caller& queued = callers_[caller];
    queued.jobs.push_back(std::move(job));
    take_turn_if_due(caller, queued);
  }
  wake_.notify_one();
}

void FairPool::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !turns_.empty(); });
    if (turns_.empty()) return;  // stopping, and nothing left to run
    const std::string name = std::move(turns_.front());
    turns_.pop_front();
    Caller& caller = callers_[name];
    caller.in_turn = false;
    std::function<void()> job = std::move(caller.jobs.front());
    caller.jobs.pop_front();
    ++caller.running;
    take_turn_if_due(name, caller);  // its next job waits behind the others' turns
    if (!turns_.empty()) wake_.notify_one();
    lock.unlock();
    job();
    job = nullptr;  // what the job holds (a reply, a ticket) goes before the next one
    lock.lock();
    Caller& done = callers_[name];
    --done.running;
    take_turn_if_due(name, done);
    if (done.running == 0 && done.jobs.empty()) callers_.erase(name);
    if (!turns_.empty()) wake_.notify_one();
  }
}

}  // namespace appnotify::server
