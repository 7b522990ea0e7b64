#include "appnotify/id_tables.h"

namespace appnotify {

std::uint64_t id_hash(std::string_view id) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::size_t IdHashSet::slot_of(std::uint64_t key) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = static_cast<std::size_t>(key ^ (key >> 32)) & mask;
  while (slots_[slot] != 0 && slots_[slot] != key) slot = (slot + 1) & mask;
  return slot;
}

bool IdHashSet::contains(std::uint64_t hash) const { return size_ > 0 && slots_[slot_of(key(hash))] != 0; }

bool IdHashSet::insert(std::uint64_t hash) {
  reserve(size_ + 1);
  std::uint64_t& slot = slots_[slot_of(key(hash))];
  if (slot != 0) return false;
  slot = key(hash);
  ++size_;
  return true;
}

void IdHashSet::reserve(std::size_t count) {
  std::size_t slots = slots_.empty() ? 16 : slots_.size();
  while (slots < 2 * count) slots *= 2;
  if (slots == slots_.size()) return;
  std::vector<std::uint64_t> old(slots, 0);
  old.swap(slots_);
  for (const std::uint64_t key : old) {
    if (key != 0) slots_[slot_of(key)] = key;
  }
}

}  // namespace appnotify
