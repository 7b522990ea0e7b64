// The center engine (appnotify/center.h): its entries, order, toasts, deletes and views over time.
// What each event does is in center_events.cc.
#include "appnotify/center.h"

#include <algorithm>

namespace appnotify {
namespace {

// Center order: High priority first, then newest first, then id, so equal times stay stable.
// (A lambda, not a function pointer, so that the sort below can inline it.)
constexpr auto comes_before = [](const auto* a, const auto* b) {
  if (a->second.priority != b->second.priority) return a->second.priority == Priority::High;
  if (a->second.created_ms != b->second.created_ms) return a->second.created_ms > b->second.created_ms;
  return a->first < b->first;
};

// Sorts into center order: a bottom-up merge sort, one small function where std::sort and
// std::partial_sort instantiate about 8 kB of wasm code for the page, and as fast for a few thousand.
template <typename Item>
void sort_center_order(std::vector<const Item*>& items) {
  std::vector<const Item*> merged(items.size());
  for (std::size_t width = 1; width < items.size(); width *= 2) {
    for (std::size_t low = 0; low < items.size(); low += 2 * width) {
      const std::size_t middle = std::min(low + width, items.size());
      const std::size_t high = std::min(low + 2 * width, items.size());
      std::size_t a = low, b = middle, out = low;
      while (a < middle && b < high) merged[out++] = comes_before(items[b], items[a]) ? items[b++] : items[a++];
      while (a < middle) merged[out++] = items[a++];
      while (b < high) merged[out++] = items[b++];
    }
    items.swap(merged);
  }
}

std::uint32_t fnv1a(const std::string& text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

}  // namespace

Center::Center(CenterConfig config) : config_(config) {}

// --- time ---

void Center::advance(std::int64_t now) {
  now_ = std::max(now_, now);  // a clock stepping back never revives what already ended
  now = now_;
  const auto ended = [now](const Toast& t) { return !t.paused && t.ends_at <= now; };
  toasts_.erase(std::remove_if(toasts_.begin(), toasts_.end(), ended), toasts_.end());
  if (more_toast_ && ended(*more_toast_)) {
    more_toast_.reset();
    more_count_ = 0;
  }
  const std::int64_t server = server_now(now);
  if (server >= next_expiry_ms_) {
    std::vector<std::string> expired;
    next_expiry_ms_ = INT64_MAX;
    for (const auto& item : entries_.items()) {
      if (item->second.expires_ms <= server) {
        expired.push_back(item->first);
      } else {
        next_expiry_ms_ = std::min(next_expiry_ms_, item->second.expires_ms);
      }
    }
    for (const std::string& id : expired) remove(id);
  }
}

// --- entries ---

const Center::Item* Center::upsert(CenterEntry&& record) {
  if (record.id.empty() || (!tombstones_.empty() && tombstones_.contains(id_hash(record.id)))) return nullptr;
  // Whatever a server sends, the arithmetic stays in range: a TTL beyond the column's maximum is the
  // maximum, and times beyond ±2^60 ms (36 million years) are clamped.
  const std::int64_t ttl =
      std::clamp<std::int64_t>(record.ttl_seconds.value_or(config_.default_ttl_seconds), 0, kTtlMax);
  constexpr std::int64_t kFar = std::int64_t{1} << 60;
  record.created_ms = std::clamp(record.created_ms, -kFar, kFar);
  const std::int64_t expires = record.created_ms + ttl * 1000;
  if (expires <= server_now(now_)) return nullptr;
  const bool fresh = !open_ && (listed_once_ || !last_opened_ms_ || record.created_ms > *last_opened_ms_);
  // One hash lookup whether the id is new or known.
  const auto [item, inserted] = entries_.try_emplace(
      std::move(record.id),
      Entry{record.created_ms, record.priority, record.toast_type, record.ttl_seconds, expires, fresh, lists_});
  next_expiry_ms_ = std::min(next_expiry_ms_, expires);
  if (inserted) {
    order_dirty_ = true;
    ++version_;
    return item;
  }
  Entry& known = item->second;
  known.listed = lists_;
  if (known.priority == record.priority && known.created_ms == record.created_ms &&
      known.toast_type == record.toast_type && known.ttl_seconds == record.ttl_seconds) {
    return nullptr;  // the same record again (a poll, a duplicate push): nothing changes
  }
  if (known.priority != record.priority || known.created_ms != record.created_ms) order_dirty_ = true;
  known.created_ms = record.created_ms;
  known.priority = record.priority;
  known.toast_type = record.toast_type;
  known.ttl_seconds = record.ttl_seconds;
  known.expires_ms = expires;
  ++version_;
  return nullptr;
}

void Center::remove(const std::string& id) {
  if (entries_.erase(id) == 0) return;
  if (entries_.empty()) next_expiry_ms_ = INT64_MAX;  // otherwise a stale value only wakes the page early
  order_dirty_ = true;
  ++version_;
  drop_toast(id);
}

void Center::sort_if_needed() {
  if (!order_dirty_) return;
  std::vector<const Item*> items;
  items.reserve(entries_.size());
  for (const auto& item : entries_.items()) items.push_back(item.get());
  sort_center_order(items);
  order_.clear();
  order_.reserve(items.size());
  for (const auto* item : items) order_.emplace_back(item->first);
  order_dirty_ = false;
}

// --- toasts ---

void Center::start_toast(Toast& toast) const {
  toast.paused = false;
  toast.ends_at = now_ + settings_.toast_duration_ms;
  toast.remaining = settings_.toast_duration_ms;
}

void Center::offer_toasts(const std::vector<const Item*>& arrived) {
  // Only the first few candidates in center order get a toast of their own (picked in one pass: a
  // list of thousands sorts nothing here); the rest are counted.
  const std::size_t free = config_.max_visible_toasts - std::min(config_.max_visible_toasts, toasts_.size());
  std::vector<const Item*> own;  // at most `free`, in center order
  std::size_t candidates = 0;
  seen_.reserve(seen_.size() + arrived.size());
  effects_.newly_seen.reserve(effects_.newly_seen.size() + arrived.size());
  const bool wait = settings_.toasts_enabled && !settings_.here;
  for (const auto* item : arrived) {
    if (item->second.toast_type != ToastType::Timed) continue;
    if (wait) {
      if (!seen_.contains(id_hash(item->first))) waiting_.push_back({item->first, now_});
      continue;
    }
    if (!seen_.insert(id_hash(item->first))) continue;  // toasted before, here or in another tab
    effects_.newly_seen.push_back(item->first);
    ++candidates;
    if (free == 0 || (own.size() == free && !comes_before(item, own.back()))) continue;
    auto at = own.end();
    while (at != own.begin() && comes_before(item, *(at - 1))) --at;
    own.insert(at, item);
    if (own.size() > free) own.pop_back();
  }
  if (!settings_.toasts_enabled || candidates == 0) return;  // seen all the same: no flood later
  for (const auto* item : own) {
    Toast toast{item->first, 0, 0, false, now_};
    start_toast(toast);
    toasts_.push_back(toast);
  }
  if (own.size() == candidates) return;
  more_count_ += candidates - own.size();
  const bool paused = more_toast_ && more_toast_->paused;
  if (!more_toast_) more_toast_ = Toast{"", 0, 0, false};
  start_toast(*more_toast_);  // the count changed: show it for a full duration again
  if (paused) more_toast_->paused = true;
}

void Center::offer_waiting() {
  std::vector<Waiting> waiting;
  waiting.swap(waiting_);
  const std::int64_t fresh_since = now_ - settings_.toast_duration_ms - kToastGraceMs;
  std::vector<const Item*> fresh;
  for (const Waiting& w : waiting) {
    if (seen_.contains(id_hash(w.id))) continue;  // toasted in another tab, or listed twice
    const auto* item = entries_.find(w.id);
    if (item == nullptr) continue;  // deleted, dismissed or expired meanwhile
    if (w.arrived >= fresh_since) {
      fresh.push_back(item);
    } else if (seen_.insert(id_hash(w.id))) {
      effects_.newly_seen.push_back(w.id);
    }
  }
  offer_toasts(fresh);
}

void Center::drop_toast(const std::string& id) {
  toasts_.erase(std::remove_if(toasts_.begin(), toasts_.end(), [&](const Toast& t) { return t.id == id; }),
                toasts_.end());
}

// --- deletes ---

void Center::queue_delete(const std::string& id, std::int64_t now) {
  tombstones_.insert(id_hash(id));
  const bool known = std::any_of(pending_.begin(), pending_.end(), [&](const PendingDelete& p) { return p.id == id; });
  if (!known) pending_.push_back({id, 0, now, false});
}

void Center::remember_pending() {
  std::vector<std::string> ids;
  ids.reserve(pending_.size());
  for (const PendingDelete& pending : pending_) ids.push_back(pending.id);
  effects_.pending_deletes = std::move(ids);
}

std::int64_t Center::retry_delay(const PendingDelete& pending) const {
  std::int64_t delay = config_.retry_initial_ms;
  for (int i = 1; i < pending.attempts && delay < config_.retry_max_ms; ++i) delay *= 2;
  delay = std::min(delay, config_.retry_max_ms);
  if (config_.retry_jitter && delay >= 4) delay -= fnv1a(pending.id) % (delay / 4);
  return delay;
}

// --- views ---

const std::vector<std::string_view>& Center::ordered_ids(std::int64_t now) {
  advance(now);
  sort_if_needed();
  return order_;
}

std::uint64_t Center::center_version(std::int64_t now) {
  advance(now);
  return version_;
}

std::size_t Center::badge(std::int64_t now) {
  advance(now);
  if (open_) return 0;
  return static_cast<std::size_t>(std::count_if(entries_.items().begin(), entries_.items().end(),
                                                [](const auto& item) { return item->second.fresh; }));
}

std::vector<ToastView> Center::toasts(std::int64_t now) {
  advance(now);
  std::vector<ToastView> views;
  for (const Toast& t : toasts_) views.push_back({t.id, 0, t.paused ? t.remaining : t.ends_at - now_, t.paused});
  if (more_toast_) {
    const Toast& t = *more_toast_;
    views.push_back({"", more_count_, t.paused ? t.remaining : t.ends_at - now_, t.paused});
  }
  return views;
}

CenterEffects Center::take_effects(std::int64_t now) {
  advance(now);
  std::size_t in_flight = static_cast<std::size_t>(
      std::count_if(pending_.begin(), pending_.end(), [](const PendingDelete& p) { return p.in_flight; }));
  for (PendingDelete& pending : pending_) {
    if (in_flight >= config_.max_deletes_in_flight) break;
    if (pending.in_flight || pending.next_at > now_) continue;
    pending.in_flight = true;
    ++pending.attempts;
    ++in_flight;
    effects_.deletes.push_back({pending.id, pending.attempts});
  }
  CenterEffects out = std::move(effects_);
  effects_ = CenterEffects{};
  return out;
}

std::optional<std::int64_t> Center::next_deadline(std::int64_t now) {
  advance(now);
  std::int64_t next = INT64_MAX;
  for (const Toast& t : toasts_) {
    if (!t.paused) next = std::min(next, t.ends_at);
  }
  if (more_toast_ && !more_toast_->paused) next = std::min(next, more_toast_->ends_at);
  if (next_expiry_ms_ != INT64_MAX) next = std::min(next, next_expiry_ms_ - skew_ms_);
  for (const PendingDelete& pending : pending_) {
    if (!pending.in_flight && pending.next_at > now_) next = std::min(next, pending.next_at);
  }
  if (next == INT64_MAX) return std::nullopt;
  return std::max(next, now_);
}

}  // namespace appnotify
