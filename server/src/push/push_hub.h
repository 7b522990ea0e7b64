// Fans out committed changes to the push streams (Server-Sent Events) of their owners. As a
// ChangePublisher it delivers a write's events as soon as they commit: right where this process
// is the database's only writer, since its commits are then the order of the ids.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/change_publisher.h"
#include "store/records.h"

namespace appnotify::server {

class PushSubscriber {
 public:
  virtual ~PushSubscriber() = default;
  // Called on the writer's thread: implementations hand the event to their own executor.
  virtual void deliver(const ChangeEvent& event) = 0;
};

class PushHub : public ChangePublisher {
 public:
  void subscribe(const std::string& owner, const std::shared_ptr<PushSubscriber>& subscriber);
  // Each event to its owner's subscribers, in the order given.
  void publish(const std::vector<ChangeEvent>& events);
  void committed(const std::vector<ChangeEvent>& events) override { publish(events); }
  bool has_subscribers(const std::string& owner);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<PushSubscriber>>> subscribers_;
};

}  // namespace appnotify::server
