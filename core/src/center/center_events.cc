// The center engine's events (appnotify/center.h): what the server and the user do, each at `now`.
#include <algorithm>

#include "appnotify/center.h"

namespace appnotify {

void Center::server_list(std::int64_t now, std::vector<CenterEntry> entries, std::int64_t server_now_ms) {
  server_time(now, server_now_ms);
  ++lists_;
  entries_.reserve(entries.size());
  std::vector<const Item*> arrived;
  for (CenterEntry& entry : entries) {
    if (const auto* item = upsert(std::move(entry))) arrived.push_back(item);
  }
  // Not named by this list, and older than it: deleted elsewhere (or expired on the server).
  std::vector<std::string> gone;
  for (const auto& item : entries_.items()) {
    if (item->second.listed != lists_ && item->second.created_ms <= server_now_ms) gone.push_back(item->first);
  }
  for (const std::string& id : gone) remove(id);
  listed_once_ = true;
  offer_toasts(std::move(arrived));
}

void Center::server_created(std::int64_t now, CenterEntry entry) {
  advance(now);
  if (const auto* item = upsert(std::move(entry))) offer_toasts({item});
}

void Center::server_deleted(std::int64_t now, const std::string& id) {
  advance(now);
  tombstones_.insert(id_hash(id));  // a late or repeated "created" for it must not bring it back
  remove(id);
  const auto pending =
      std::find_if(pending_.begin(), pending_.end(), [&](const PendingDelete& p) { return p.id == id; });
  if (pending != pending_.end()) {
    pending_.erase(pending);
    remember_pending();
  }
}

void Center::server_time(std::int64_t now, std::int64_t server_now_ms) {
  advance(now);
  skew_ms_ = server_now_ms - now_;
  advance(now_);
}

void Center::restore(const std::vector<std::string>& seen, std::optional<std::int64_t> last_opened_ms,
                     const std::vector<std::string>& pending_deletes, std::int64_t now) {
  advance(now);
  for (const std::string& id : seen) seen_.insert(id_hash(id));
  if (last_opened_ms) last_opened_ms_ = last_opened_ms;
  for (const std::string& id : pending_deletes) {
    queue_delete(id, now_);
    remove(id);
  }
}

void Center::mark_seen(std::int64_t now, const std::vector<std::string>& ids) {
  advance(now);
  for (const std::string& id : ids) {
    seen_.insert(id_hash(id));
    drop_toast(id);
  }
}

void Center::open_center(std::int64_t now) {
  advance(now);
  open_ = true;
  last_opened_ms_ = server_now(now_);
  effects_.last_opened_ms = last_opened_ms_;
  for (const auto& item : entries_.items()) item->second.fresh = false;
}

void Center::close_center(std::int64_t now) {
  advance(now);
  if (!open_) return;
  open_ = false;
  last_opened_ms_ = server_now(now_);  // what arrived while it was open has been seen
  effects_.last_opened_ms = last_opened_ms_;
}

void Center::dismiss(std::int64_t now, const std::string& id) {
  advance(now);
  if (entries_.find(id) == nullptr) return;
  queue_delete(id, now_);
  remove(id);
  remember_pending();
}

void Center::dismiss_all(std::int64_t now) {
  advance(now);
  sort_if_needed();
  for (std::string_view id : order_) queue_delete(std::string(id), now_);
  entries_.clear();
  order_.clear();
  toasts_.clear();
  more_toast_.reset();
  more_count_ = 0;
  order_dirty_ = true;
  ++version_;
  next_expiry_ms_ = INT64_MAX;
  remember_pending();
}

void Center::close_toast(std::int64_t now, const std::string& id) {
  advance(now);
  if (id.empty()) {
    more_toast_.reset();
    more_count_ = 0;
  } else {
    drop_toast(id);
  }
}

Center::Toast* Center::find_toast(const std::string& id) {
  if (id.empty()) return more_toast_ ? &*more_toast_ : nullptr;
  for (Toast& toast : toasts_) {
    if (toast.id == id) return &toast;
  }
  return nullptr;
}

void Center::hover_toast(std::int64_t now, const std::string& id) {
  advance(now);
  Toast* toast = find_toast(id);
  if (toast != nullptr && !toast->paused) {
    toast->remaining = toast->ends_at - now_;
    toast->paused = true;
  }
}

void Center::unhover_toast(std::int64_t now, const std::string& id) {
  advance(now);
  Toast* toast = find_toast(id);
  if (toast != nullptr && toast->paused) {
    toast->ends_at = now_ + toast->remaining;
    toast->paused = false;
  }
}

void Center::change_settings(std::int64_t now, const CenterSettings& settings) {
  advance(now);
  settings_ = settings;
  if (settings_.toast_duration_ms < 1) settings_.toast_duration_ms = 1;
  if (!settings_.toasts_enabled) {
    toasts_.clear();
    more_toast_.reset();
    more_count_ = 0;
  }
  if (settings_.here && !waiting_.empty()) offer_waiting();
}

void Center::page_hide(std::int64_t now) {
  advance(now);
  for (const Toast& toast : toasts_) {
    if (now_ - toast.shown_at < kHandOverMs) effects_.unseen.push_back(toast.id);
  }
}

void Center::delete_result(std::int64_t now, const std::string& id, DeleteOutcome outcome) {
  advance(now);
  const auto pending =
      std::find_if(pending_.begin(), pending_.end(), [&](const PendingDelete& p) { return p.id == id; });
  if (pending == pending_.end()) return;
  if (outcome == DeleteOutcome::Failed) {
    pending->in_flight = false;
    pending->next_at = now_ + retry_delay(*pending);
    return;
  }
  pending_.erase(pending);
  remember_pending();
}

}  // namespace appnotify
