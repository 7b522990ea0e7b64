// Runs tests/vectors/center/*.json against the native build, through the same text protocol the
// browser uses (appnotify/center_wire.h), the core translating the vectors' events into it and its
// answers back (appnotify/center_json.h); tests/wasm/center.test.mjs runs them against wasm, with
// the page's translation. Both translations must write tests/vectors/protocol/center_wire.json.
#include <gtest/gtest.h>

#include "appnotify/center_json.h"
#include "appnotify/center_wire.h"
#include "vectors.h"

namespace appnotify {
namespace {

using nlohmann::json;
using testing::VectorCase;

const std::vector<VectorCase>& cases() {
  static const std::vector<VectorCase> loaded = testing::load_vectors("center");
  return loaded;
}

json observed(const json& state, const json& center, const json& expect) {
  json out = json::object();
  for (const char* key : {"badge", "toasts", "more", "deletes", "nextDeadline"}) {
    if (expect.contains(key)) out[key] = state[key];
  }
  if (expect.contains("center")) out["center"] = center;
  if (expect.contains("persist")) {
    out["persist"] = json::object();
    for (const auto& [key, value] : expect["persist"].items()) {
      out["persist"][key] = state["persist"].contains(key) ? state["persist"][key] : json();
    }
  }
  return out;
}

json normalized(json expect) {
  if (expect.contains("toasts")) {
    for (json& toast : expect["toasts"]) {
      if (!toast.contains("paused")) toast["paused"] = false;
    }
  }
  if (expect.contains("more") && expect["more"].is_object() && !expect["more"].contains("paused")) {
    expect["more"]["paused"] = false;
  }
  return expect;
}

CenterConfig config_of(const json& spec) {
  CenterConfig config;
  const json c = spec.value("config", json::object());
  config.default_ttl_seconds = c.value("defaultTtlSeconds", config.default_ttl_seconds);
  config.max_visible_toasts = c.value("maxVisibleToasts", config.max_visible_toasts);
  config.retry_initial_ms = c.value("retryInitialMs", config.retry_initial_ms);
  config.retry_max_ms = c.value("retryMaxMs", config.retry_max_ms);
  config.max_deletes_in_flight = c.value("maxDeletesInFlight", config.max_deletes_in_flight);
  config.retry_jitter = c.value("retryJitter", config.retry_jitter);
  return config;
}

class CenterScenario : public ::testing::TestWithParam<std::size_t> {};

TEST_P(CenterScenario, FollowsTheTimeline) {
  const VectorCase& vector = cases()[GetParam()];
  ASSERT_FALSE(vector.spec.is_null()) << vector.file << " is not a JSON array of cases";
  const json spec = json::parse(vector.spec.dump());
  CenterWire wire(config_of(spec));
  json center = json::array();
  int index = 0;
  for (const json& step : spec.at("steps")) {
    const std::string events = center_events_to_wire(step.value("events", json::array()).dump());
    const json state = json::parse(center_state_to_json(wire.dispatch(step.at("now").get<std::int64_t>(), events)));
    if (!state["center"].is_null()) center = state["center"]["ids"];
    const json expect = normalized(step.value("expect", json::object()));
    EXPECT_EQ(observed(state, center, expect), expect) << "step " << index << " (now " << step["now"] << ")";
    ++index;
  }
}

INSTANTIATE_TEST_SUITE_P(Vectors, CenterScenario, ::testing::Range<std::size_t>(0, cases().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           return testing::test_name(cases(), info.param);
                         });

// Every example of tests/vectors/protocol/ (the wasm ring checks the page's translation against the same).
TEST(CenterProtocol, WritesTheWireLines) {
  const std::vector<VectorCase> examples = testing::load_vectors("protocol");
  ASSERT_FALSE(examples.empty());
  for (const VectorCase& example : examples) {
    ASSERT_FALSE(example.spec.is_null()) << example.file << " is not a JSON array of cases";
    EXPECT_EQ(center_events_to_wire(example.spec.at("events").dump()), example.spec.at("wire").get<std::string>())
        << example.name;
  }
}

// The answer's lines back into the state object, as engine.js reads them.
TEST(CenterProtocol, ReadsTheAnswer) {
  const json state = json::parse(
      center_state_to_json("center\t7\tb a\nbadge\t2\ntoast\tb\t3999\t0\nmore\t4\t4000\t1\ndelete\tc\t2\nseen\tb a\n"
                           "lastOpened\t5\npending\tc\nunseen\tb\ndeadline\t"));
  const json expected = json::parse(R"({"center": {"version": 7, "ids": ["b", "a"]}, "badge": 2,
      "toasts": [{"id": "b", "remainingMs": 3999, "paused": false}], "more": {"count": 4, "remainingMs": 4000,
      "paused": true}, "deletes": [{"id": "c", "attempt": 2}], "persist": {"seen": ["b", "a"], "lastOpened": 5,
      "pending": ["c"], "unseen": ["b"]}, "nextDeadline": null})");
  EXPECT_EQ(state, expected);
}

}  // namespace
}  // namespace appnotify
