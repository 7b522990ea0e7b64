// Where the API hands the changes it committed, to reach the owners' push streams: straight to the
// hub (push_hub.h) when this process is the only writer, or through the event feed
// (event_feed.h) when instances share the database.
#pragma once

#include <vector>

#include "store/records.h"

namespace appnotify::server {

class ChangePublisher {
 public:
  virtual ~ChangePublisher() = default;
  // Called after the commit, on the writer's thread, with the events of one write in id order.
  virtual void committed(const std::vector<ChangeEvent>& events) = 0;
};

}  // namespace appnotify::server
