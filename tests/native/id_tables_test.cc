// The center engine's id tables (appnotify/id_tables.h) against the standard containers as the model:
// random inserts, lookups and erases over ids whose homes crowd a small index, so that probing runs
// and erasing moves items back.
#include "appnotify/id_tables.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace appnotify {
namespace {

TEST(IdMap, BehavesAsAnUnorderedMapThroughRandomInsertsAndErases) {
  std::mt19937 random(20261127);
  IdMap<int> map;
  std::unordered_map<std::string, int> model;
  std::unordered_map<std::string, const IdMap<int>::Item*> addresses;  // items must not move
  for (int step = 0; step < 200000; ++step) {
    const std::string id = "id-" + std::to_string(random() % 3000);
    switch (random() % 3) {
      case 0: {
        const auto [item, added] = map.try_emplace(id, step);
        const bool expected = model.emplace(id, step).second;
        ASSERT_EQ(added, expected) << id;
        ASSERT_EQ(item->first, id);
        ASSERT_EQ(item->second, model.at(id));
        if (added) addresses[id] = item;
        ASSERT_EQ(addresses.at(id), item) << "an item moved: " << id;
        break;
      }
      case 1:
        ASSERT_EQ(map.erase(id), model.erase(id) == 1) << id;
        addresses.erase(id);
        break;
      default: {
        const auto* found = map.find(id);
        ASSERT_EQ(found != nullptr, model.count(id) == 1) << id;
        if (found != nullptr) ASSERT_EQ(found->second, model.at(id));
      }
    }
    ASSERT_EQ(map.size(), model.size());
  }
  std::unordered_set<std::string> listed;
  for (const auto& item : map.items()) {
    EXPECT_EQ(item->second, model.at(item->first));
    listed.insert(item->first);
  }
  EXPECT_EQ(listed.size(), model.size());
  map.clear();
  EXPECT_TRUE(map.empty());
  EXPECT_EQ(map.find("id-1"), nullptr);
  EXPECT_TRUE(map.try_emplace("id-1", 1).second);
}

TEST(IdHashSet, BehavesAsAnUnorderedSet) {
  std::mt19937_64 random(7);
  IdHashSet set;
  std::unordered_set<std::uint64_t> model;
  for (int step = 0; step < 100000; ++step) {
    const std::uint64_t hash = random() % 5000 == 0 ? 0 : random() % 40000;
    const std::uint64_t modelled = hash == 0 ? 1 : hash;  // the set keeps a hash of 0 as 1
    ASSERT_EQ(set.contains(hash), model.count(modelled) == 1);
    ASSERT_EQ(set.insert(hash), model.insert(modelled).second);
    ASSERT_EQ(set.size(), model.size());
  }
  set.reserve(100000);
  for (const std::uint64_t hash : model) EXPECT_TRUE(set.contains(hash));
}

TEST(IdHash, IsFnv1a64) {
  EXPECT_EQ(id_hash(""), 14695981039346656037ull);
  EXPECT_EQ(id_hash("a"), 0xaf63dc4c8601ec8cull);  // the published FNV-1a test value
}

}  // namespace
}  // namespace appnotify
