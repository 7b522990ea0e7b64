#include "push/event_feed.h"

#include <unordered_map>

namespace appnotify::server {

EventFeed::EventFeed(EventLog& events, PushHub& hub, const Clock& clock, std::unique_ptr<CommitSignal> signal)
    : events_(events), hub_(hub), clock_(clock), signal_(std::move(signal)) {
  read_up_to_ = events_.last_event_id();
  mark_caught_up();
  thread_ = std::thread([this] { run(); });
}

EventFeed::~EventFeed() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void EventFeed::committed(const std::vector<ChangeEvent>& events) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const ChangeEvent& event : events) {
    if (event.record && event.id > read_up_to_) kept_[event.id] = *event.record;
  }
}

void EventFeed::mark_caught_up() { caught_up_at_ = std::chrono::steady_clock::now().time_since_epoch().count(); }

bool EventFeed::current() const {
  const auto at = std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(caught_up_at_.load()));
  return std::chrono::steady_clock::now() - at < kStaleAfter;
}

void EventFeed::run() {
  int quiet = 0;
  while (!stopping_) {
    const bool news = signal_->wait(kWait);
    if (!news && ++quiet < 4) continue;
    quiet = 0;
    catch_up();
  }
}

void EventFeed::catch_up() {
  while (!stopping_) {
    std::int64_t after = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      after = read_up_to_;
    }
    std::vector<ChangeEvent> read;
    try {
      read = events_.events_since(after, kBatch);
    } catch (const StoreUnavailable&) {
      return;  // tried again at the next news or quiet read
    }
    if (read.empty()) return mark_caught_up();

    std::vector<ChangeEvent> wanted;
    std::vector<std::string> unknown;  // records to read back: other instances' writes
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (ChangeEvent& event : read) {
        if (!hub_.has_subscribers(event.owner)) continue;
        if (event.kind != "deleted") {
          const auto kept = kept_.find(event.id);
          if (kept != kept_.end()) {
            event.record = kept->second;
          } else {
            unknown.push_back(event.notification_id);
          }
        }
        wanted.push_back(std::move(event));
      }
    }
    std::unordered_map<std::string, StoredNotification> found;
    if (!unknown.empty()) {
      try {
        for (StoredNotification& record : events_.records(unknown, clock_.now_ms())) {
          std::string id = record.id;
          found.emplace(std::move(id), std::move(record));
        }
      } catch (const StoreUnavailable&) {
        return;  // nothing delivered, nothing passed: read again later
      }
    }
    std::vector<ChangeEvent> deliver;
    deliver.reserve(wanted.size());
    for (ChangeEvent& event : wanted) {
      if (event.kind != "deleted" && !event.record) {
        const auto record = found.find(event.notification_id);
        // Gone since (deleted, expired or given to another owner): a later event says so, or its expiry.
        if (record == found.end() || record->second.owner != event.owner) continue;
        event.record = record->second;
      }
      deliver.push_back(std::move(event));
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      read_up_to_ = read.back().id;
      kept_.erase(kept_.begin(), kept_.upper_bound(read_up_to_));
    }
    hub_.publish(deliver);
    if (static_cast<std::int64_t>(read.size()) < kBatch) return mark_caught_up();
  }
}

}  // namespace appnotify::server
