#include "push/push_hub.h"

#include <algorithm>

namespace appnotify::server {

void PushHub::subscribe(const std::string& owner, const std::shared_ptr<PushSubscriber>& subscriber) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& list = subscribers_[owner];
  list.erase(std::remove_if(list.begin(), list.end(), [](const auto& weak) { return weak.expired(); }), list.end());
  list.push_back(subscriber);
}

void PushHub::publish(const std::vector<ChangeEvent>& events) {
  for (const ChangeEvent& event : events) {
    std::vector<std::shared_ptr<PushSubscriber>> targets;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto found = subscribers_.find(event.owner);
      if (found == subscribers_.end()) continue;
      for (const auto& weak : found->second) {
        if (auto subscriber = weak.lock()) targets.push_back(std::move(subscriber));
      }
    }
    for (const auto& subscriber : targets) subscriber->deliver(event);
  }
}

bool PushHub::has_subscribers(const std::string& owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = subscribers_.find(owner);
  if (found == subscribers_.end()) return false;
  auto& list = found->second;
  list.erase(std::remove_if(list.begin(), list.end(), [](const auto& weak) { return weak.expired(); }), list.end());
  if (!list.empty()) return true;
  subscribers_.erase(found);
  return false;
}

}  // namespace appnotify::server
