// Push across instances that share one database (PostgreSQL). Each instance hears of every commit
// (the store's CommitSignal: LISTEN/NOTIFY carrying the last event id), reads the events committed
// since the last one it read from the database itself, in id order, and hands those whose owner has
// a stream here to the hub, with their records. Its own writes' records it keeps from committed(),
// so it reads back only other instances' records.
//
// Why nothing is missed or repeated: event ids are taken under a lock held to the commit
// (store/sql/sql_store.h), so any reader that sees event N sees every event below N. The feed reads
// after its last id and only moves past what it read; a stream dedupes by the last id it sent and
// reads its own backlog (Last-Event-ID) the same way, from the database, on any instance.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "push/push_hub.h"
#include "store/change_publisher.h"
#include "store/event_log.h"

namespace appnotify::server {

class EventFeed : public ChangePublisher {
 public:
  // Starts reading after the store's last event; `signal` from store.commit_signal().
  EventFeed(EventLog& events, PushHub& hub, const Clock& clock, std::unique_ptr<CommitSignal> signal);
  ~EventFeed() override;
  EventFeed(const EventFeed&) = delete;
  EventFeed& operator=(const EventFeed&) = delete;

  // This instance's writes: their records, so that the feed need not read them back.
  void committed(const std::vector<ChangeEvent>& events) override;
  // Whether the feed has read everything committed within the last kStaleAfter (it reads at
  // least once a second while the database answers): /readyz.
  bool current() const;

  // Events read per query, and how long a quiet wait lasts (a read follows every fourth anyway).
  static constexpr std::int64_t kBatch = 1000;
  static constexpr std::chrono::milliseconds kWait{250};
  static constexpr std::chrono::milliseconds kStaleAfter{5000};

 private:
  void run();
  // Reads and delivers everything committed after read_up_to_; stops early when the database is away.
  void catch_up();
  void mark_caught_up();

  EventLog& events_;
  PushHub& hub_;
  const Clock& clock_;
  std::unique_ptr<CommitSignal> signal_;
  std::mutex mutex_;
  std::int64_t read_up_to_ = 0;                      // the last event id read and delivered
  std::map<std::int64_t, StoredNotification> kept_;  // this instance's records by event id, above read_up_to_
  std::atomic<bool> stopping_{false};
  std::atomic<std::chrono::steady_clock::rep> caught_up_at_{0};  // when a catch-up last read to the end
  std::thread thread_;
};

}  // namespace appnotify::server
