// Runs tests/vectors/center/*.json against the native build, through the same text protocol the
// browser uses (appnotify/center_wire.h); tests/wasm/center.test.mjs runs them against wasm.
#include <gtest/gtest.h>

#include <sstream>

#include "appnotify/center_wire.h"
#include "appnotify/timestamp.h"
#include "vectors.h"

namespace appnotify {
namespace {

using nlohmann::json;
using testing::VectorCase;

const std::vector<VectorCase>& cases() {
  static const std::vector<VectorCase> loaded = testing::load_vectors("center");
  return loaded;
}

std::string ids(const json& list) {
  std::string out;
  for (const json& id : list) out += (out.empty() ? "" : " ") + id.get<std::string>();
  return out;
}

std::string number_or_empty(const json& value) {
  return value.is_number() ? std::to_string(value.get<std::int64_t>()) : std::string();
}

// A record's wire fields, or nullopt for a record the JS encoder skips (no id, no readable createdon).
std::optional<std::string> entry_fields(const json& r) {
  const std::string id =
      r.contains("appnotificationid") ? r["appnotificationid"].get<std::string>() : r.value("id", "");
  const std::optional<std::int64_t> created = r.contains("createdMs")
                                                  ? std::optional<std::int64_t>(r["createdMs"].get<std::int64_t>())
                                                  : parse_timestamp(r.value("createdon", ""));
  if (id.empty() || !created) return std::nullopt;
  return id + "\t" + std::to_string(*created) + "\t" + number_or_empty(r.value("priority", json())) + "\t" +
         number_or_empty(r.value("toasttype", json())) + "\t" + number_or_empty(r.value("ttlinseconds", json()));
}

// The vectors' event objects in the wire protocol, as web/src/engine.js encodes them.
std::string encode(const json& e) {
  const std::string type = e.at("type");
  const auto id = [&] { return e.contains("id") && e["id"].is_string() ? e["id"].get<std::string>() : std::string(); };
  if (type == "serverList") {
    std::string items;
    std::size_t count = 0;
    for (const json& item : e["items"]) {
      if (const std::optional<std::string> fields = entry_fields(item)) {
        items += "\nitem\t" + *fields;
        ++count;
      }
    }
    return "list\t" + std::to_string(e.at("serverNow").get<std::int64_t>()) + "\t" + std::to_string(count) + items;
  }
  if (type == "serverCreated") {
    const std::optional<std::string> fields = entry_fields(e.at("item"));
    return fields ? "created\t" + *fields : std::string();
  }
  if (type == "serverDeleted") return "deleted\t" + id();
  if (type == "serverTime") return "time\t" + std::to_string(e.at("serverNow").get<std::int64_t>());
  if (type == "restore") {
    return "restore\t" + number_or_empty(e.value("lastOpened", json())) + "\t" + ids(e.value("seen", json::array())) +
           "\t" + ids(e.value("pending", json::array()));
  }
  if (type == "markSeen") return "seen\t" + ids(e.at("ids"));
  if (type == "openCenter") return "open";
  if (type == "closeCenter") return "close";
  if (type == "dismiss") return "dismiss\t" + id();
  if (type == "dismissAll") return "dismissAll";
  if (type == "closeToast") return "closeToast\t" + id();
  if (type == "hoverToast") return "hover\t" + id();
  if (type == "unhoverToast") return "unhover\t" + id();
  if (type == "settings") {
    return std::string("settings\t") + (e.value("toastsEnabled", true) ? "1" : "0") + "\t" +
           std::to_string(e.value("toastDurationMs", 4000)) + "\t" + (e.value("here", true) ? "1" : "0");
  }
  if (type == "deleteResult") return "deleteResult\t" + id() + "\t" + e.at("outcome").get<std::string>();
  return "";
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, separator);) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

json id_list(const std::string& field) {
  json out = json::array();
  for (const std::string& id : split(field, ' ')) {
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

// The answer in the vectors' vocabulary, as web/src/engine.js decodes it.
json decode(const std::string& text) {
  json state = {{"center", nullptr},        {"badge", 0},
                {"toasts", json::array()},  {"more", nullptr},
                {"deletes", json::array()}, {"persist", json::object()},
                {"nextDeadline", nullptr}};
  for (const std::string& line : split(text, '\n')) {
    std::vector<std::string> f = split(line, '\t');
    f.resize(4);
    const std::string& kind = f[0];
    if (kind == "center") state["center"] = {{"version", std::stoll(f[1])}, {"ids", id_list(f[2])}};
    if (kind == "badge") state["badge"] = std::stoll(f[1]);
    if (kind == "toast")
      state["toasts"].push_back({{"id", f[1]}, {"remainingMs", std::stoll(f[2])}, {"paused", f[3] == "1"}});
    if (kind == "more")
      state["more"] = {{"count", std::stoll(f[1])}, {"remainingMs", std::stoll(f[2])}, {"paused", f[3] == "1"}};
    if (kind == "delete") state["deletes"].push_back({{"id", f[1]}, {"attempt", std::stoll(f[2])}});
    if (kind == "seen") state["persist"]["seen"] = id_list(f[1]);
    if (kind == "lastOpened") state["persist"]["lastOpened"] = std::stoll(f[1]);
    if (kind == "pending") state["persist"]["pending"] = id_list(f[1]);
    if (kind == "deadline" && !f[1].empty()) state["nextDeadline"] = std::stoll(f[1]);
  }
  return state;
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
    std::string events;
    for (const json& event : step.value("events", json::array())) {
      const std::string line = encode(event);
      if (!line.empty()) events += (events.empty() ? "" : "\n") + line;
    }
    const json state = decode(wire.dispatch(step.at("now").get<std::int64_t>(), events));
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

}  // namespace
}  // namespace appnotify
