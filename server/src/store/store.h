// The server's storage, behind interfaces so that a networked database can replace the embedded
// SQLite one (sqlite_store.h) without touching the layers above. Each concern has its own
// interface, and a part takes only the one it needs: the notifications (notification_store.h), the
// change events (event_log.h), the users (user_directory.h).
//
// Writes are asynchronous and group-committed: many requests' writes share one transaction and
// one fsync, and each request is answered only after its write is durable ("acknowledged means
// stored"). Reads are synchronous and see every acknowledged write.
#pragma once

#include "store/event_log.h"
#include "store/notification_store.h"
#include "store/records.h"
#include "store/user_directory.h"

namespace appnotify::server {

class Store : public NotificationStore, public EventLog, public UserDirectory {
 public:
  ~Store() override = default;
  // Finishes the writes already queued, then stops taking new ones.
  virtual void drain() = 0;
};

}  // namespace appnotify::server
