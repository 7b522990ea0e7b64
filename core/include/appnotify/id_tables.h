// appnotify/id_tables.h: the center engine's tables of notification ids (appnotify/center.h): a set of
// id hashes (the ids that toasted, the dismissed ones) and a map from id to what the engine knows.
// Open addressing with linear probing over power-of-two arrays, keyed by the id's 64-bit FNV-1a hash:
// fewer allocations than libc++'s unordered containers, and about 1 kB gzip less of the page's wasm
// than their buckets, nodes and prime table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace appnotify {

/// 64-bit FNV-1a of an id.
std::uint64_t id_hash(std::string_view id);

/// A set of id hashes. Another id with the same hash counts as present too: with 64 bits and a
/// center's thousands of ids, accepted.
class IdHashSet {
 public:
  /// Adds `hash`; answers false when it was there already.
  bool insert(std::uint64_t hash);
  bool contains(std::uint64_t hash) const;
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Makes room for `count` hashes in all, so that adding up to that many grows nothing.
  void reserve(std::size_t count);

 private:
  // 0 marks an empty slot, so a hash of 0 is kept as 1 (one more collision in 2^64).
  static std::uint64_t key(std::uint64_t hash) { return hash == 0 ? 1 : hash; }
  std::size_t slot_of(std::uint64_t key) const;  // where `key` is, or the empty slot where it goes

  std::vector<std::uint64_t> slots_;  // a power of two long, at most half full
  std::size_t size_ = 0;
};

/// A map from id to T. Items stay where they are (pointers to them stay valid) until erased.
template <typename T>
class IdMap {
 public:
  struct Item {
    std::string first;  // the id
    T second;
    std::uint64_t hash;  // id_hash(first)
  };

  /// The item of `id`, or nullptr.
  Item* find(std::string_view id) const {
    if (items_.empty()) return nullptr;
    const std::uint32_t at = index_[slot_of(id, id_hash(id))];
    return at == 0 ? nullptr : items_[at - 1].get();
  }

  /// Adds `id` with `value` unless it is there: answers its item and whether it was added.
  std::pair<Item*, bool> try_emplace(std::string id, T value) {
    reserve(items_.size() + 1);
    const std::uint64_t hash = id_hash(id);
    std::uint32_t& at = index_[slot_of(id, hash)];
    if (at != 0) return {items_[at - 1].get(), false};
    items_.push_back(std::make_unique<Item>(Item{std::move(id), std::move(value), hash}));
    at = static_cast<std::uint32_t>(items_.size());
    return {items_.back().get(), true};
  }

  /// Removes `id`; answers whether it was there.
  bool erase(std::string_view id) {
    if (items_.empty()) return false;
    const std::size_t slot = slot_of(id, id_hash(id));
    if (index_[slot] == 0) return false;
    const std::uint32_t position = index_[slot] - 1;
    vacate(slot);
    // The last item takes the erased one's place in items_, and its slot follows it.
    if (position + 1 != items_.size()) {
      const Item& last = *items_.back();
      index_[slot_of(last.first, last.hash)] = position + 1;
      items_[position] = std::move(items_.back());
    }
    items_.pop_back();
    return true;
  }

  void clear() {
    items_.clear();
    index_.assign(index_.size(), 0);
  }

  /// Makes room for `count` items in all, so that adding up to that many rebuilds no index.
  void reserve(std::size_t count) {
    std::size_t slots = index_.empty() ? 16 : index_.size();
    while (slots < 2 * count) slots *= 2;
    if (slots == index_.size()) return;
    index_.assign(slots, 0);
    for (std::size_t i = 0; i < items_.size(); ++i) {
      index_[slot_of(items_[i]->first, items_[i]->hash)] = static_cast<std::uint32_t>(i + 1);
    }
  }

  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  /// Every item, in no particular order.
  const std::vector<std::unique_ptr<Item>>& items() const { return items_; }

 private:
  std::size_t home(std::uint64_t hash) const {
    return static_cast<std::size_t>(hash ^ (hash >> 32)) & (index_.size() - 1);
  }

  // The slot that holds `id`, or the empty slot where it would go.
  std::size_t slot_of(std::string_view id, std::uint64_t hash) const {
    const std::size_t mask = index_.size() - 1;
    std::size_t slot = home(hash);
    for (; index_[slot] != 0; slot = (slot + 1) & mask) {
      const Item& item = *items_[index_[slot] - 1];
      if (item.hash == hash && item.first == id) break;
    }
    return slot;
  }

  // Empties `hole`, moving back the items after it that probing would no longer find (no tombstones).
  void vacate(std::size_t hole) {
    const std::size_t mask = index_.size() - 1;
    index_[hole] = 0;
    for (std::size_t next = (hole + 1) & mask; index_[next] != 0; next = (next + 1) & mask) {
      // The item at `next` may fill the hole unless its home lies after the hole (cyclically).
      if (((next - home(items_[index_[next] - 1]->hash)) & mask) >= ((next - hole) & mask)) {
        index_[hole] = index_[next];
        index_[next] = 0;
        hole = next;
      }
    }
  }

  std::vector<std::unique_ptr<Item>> items_;
  std::vector<std::uint32_t> index_;  // a power of two long, at most half full: position in items_ + 1, or 0
};

}  // namespace appnotify
