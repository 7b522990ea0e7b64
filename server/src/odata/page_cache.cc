#include "odata/page_cache.h"

namespace appnotify::server {
namespace {

std::size_t size_of(const HttpResponse& response) {
  std::size_t size = response.body.size() + 64;
  for (const auto& [name, value] : response.headers) size += name.size() + value.size();
  return size;
}

}  // namespace

std::uint64_t PageCache::generation(const std::string& owner) {
  std::lock_guard lock(mutex_);
  const auto found = owners_.find(owner);
  return found == owners_.end() ? 0 : found->second.generation;
}

void PageCache::invalidate(const std::string& owner) {
  if (!enabled()) return;
  std::lock_guard lock(mutex_);
  Owner& state = owners_[owner];  // kept even when empty: its generation must only grow
  ++state.generation;
  drop_entries(state);
}

std::shared_ptr<const HttpResponse> PageCache::find(const std::string& owner, const std::string& key,
                                                    std::int64_t now_ms) {
  if (!enabled()) return nullptr;
  std::lock_guard lock(mutex_);
  const auto state = owners_.find(owner);
  if (state == owners_.end()) return nullptr;
  const auto entry = state->second.entries.find(key);
  if (entry == state->second.entries.end()) return nullptr;
  const Entry& e = entry->second;
  // A clock that went back (the test clock can) may bring expired records back: read again.
  if (e.generation != state->second.generation || now_ms < e.read_at_ms || now_ms >= e.valid_until_ms) {
    bytes_held_ -= size_of(*e.response);
    state->second.entries.erase(entry);
    return nullptr;
  }
  return e.response;
}

void PageCache::store(const std::string& owner, const std::string& key, std::uint64_t generation, std::int64_t now_ms,
                      std::int64_t valid_until_ms, HttpResponse response) {
  if (!enabled() || valid_until_ms <= now_ms) return;
  const std::size_t size = size_of(response);
  if (size > budget_bytes_ / 8) return;  // a huge page is cheaper to read again than to crowd out others
  std::lock_guard lock(mutex_);
  Owner& state = owners_[owner];
  if (state.generation != generation) return;  // written meanwhile: this answer may be stale
  if (state.entries.size() >= kEntriesPerOwner) drop_entries(state);
  if (bytes_held_ + size > budget_bytes_) {
    // Over budget: start afresh. Generations stay, so nothing older can come back.
    for (auto& [id, other] : owners_) drop_entries(other);
  }
  auto [slot, inserted] = state.entries.try_emplace(key);
  if (!inserted) bytes_held_ -= size_of(*slot->second.response);
  slot->second = Entry{generation, now_ms, valid_until_ms, std::make_shared<const HttpResponse>(std::move(response))};
  bytes_held_ += size;
}

std::size_t PageCache::bytes_held() {
  std::lock_guard lock(mutex_);
  return bytes_held_;
}

void PageCache::drop_entries(Owner& owner) {
  for (const auto& [key, entry] : owner.entries) bytes_held_ -= size_of(*entry.response);
  owner.entries.clear();
}

}  // namespace appnotify::server
