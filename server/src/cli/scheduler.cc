#include "cli/scheduler.h"

#include <algorithm>

namespace appnotify::server {

void Scheduler::every(std::chrono::milliseconds period, std::function<void()> task) {
  tasks_.push_back(Task{period, std::move(task), {}});
}

void Scheduler::start() {
  const auto now = SteadyClock::now();
  for (Task& task : tasks_) task.due = now + task.period;
  thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_ && !tasks_.empty()) {
    Task& next =
        *std::min_element(tasks_.begin(), tasks_.end(), [](const Task& a, const Task& b) { return a.due < b.due; });
    if (wake_.wait_until(lock, next.due, [this] { return stopping_; })) return;
    next.due = std::max(next.due + next.period, SteadyClock::now());
    lock.unlock();
    next.run();
    lock.lock();
  }
}

}  // namespace appnotify::server
