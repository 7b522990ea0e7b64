// Fans out committed changes to the push streams (Server-Sent Events) of their owners.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/store.h"

namespace appnotify::server {

class PushSubscriber {
 public:
  virtual ~PushSubscriber() = default;
  // Called on the writer's thread: implementations hand the event to their own executor.
  virtual void deliver(const ChangeEvent& event) = 0;
};

class PushHub {
 public:
  void subscribe(const std::string& owner, const std::shared_ptr<PushSubscriber>& subscriber);
  void publish(const std::vector<ChangeEvent>& events);
  std::size_t subscriber_count();

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<PushSubscriber>>> subscribers_;
};

}  // namespace appnotify::server
