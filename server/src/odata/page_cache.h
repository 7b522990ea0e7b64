// Answers repeated polls of an unchanged notification center from memory.
//
// A page of a user's notifications changes only when one of their notifications is written or
// when a record in it expires. Each entry therefore remembers the owner's generation (bumped after
// every committed write for that owner, before the writer's request is answered) and the earliest
// expiry among the records it was built from (the page and the one record read beyond it, which
// decides the next link). An entry serves only while both still hold, so a poll never sees less
// than what an acknowledged write left, and never an expired record.
//
// Race-free by order: a reader takes the generation before it reads the database and stores its
// answer under that generation; a write that commits in between bumps the generation, so that
// answer is never served.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/http_types.h"

namespace appnotify::server {

class PageCache {
 public:
  // `budget_bytes` bounds the answers held; 0 turns the cache off.
  explicit PageCache(std::size_t budget_bytes) : budget_bytes_(budget_bytes) {}

  bool enabled() const { return budget_bytes_ > 0; }

  // The owner's current generation: take it before reading the database.
  std::uint64_t generation(const std::string& owner);

  // Every write of one of the owner's notifications calls this once it is committed.
  void invalidate(const std::string& owner);

  // The answer stored under `key` for `owner`, if it is still what the database would say at `now_ms`.
  std::shared_ptr<const HttpResponse> find(const std::string& owner, const std::string& key, std::int64_t now_ms);

  // Keeps `response`, read at `now_ms` under `generation`, until the owner's next write or `valid_until_ms`.
  void store(const std::string& owner, const std::string& key, std::uint64_t generation, std::int64_t now_ms,
             std::int64_t valid_until_ms, HttpResponse response);

  std::size_t bytes_held();

 private:
  struct Entry {
    std::uint64_t generation = 0;
    std::int64_t read_at_ms = 0;
    std::int64_t valid_until_ms = 0;
    std::shared_ptr<const HttpResponse> response;
  };
  struct Owner {
    std::uint64_t generation = 0;
    std::unordered_map<std::string, Entry> entries;
  };
  static constexpr std::size_t kEntriesPerOwner = 16;

  void drop_entries(Owner& owner);

  std::size_t budget_bytes_;
  std::size_t bytes_held_ = 0;
  std::mutex mutex_;
  std::unordered_map<std::string, Owner> owners_;
};

}  // namespace appnotify::server
