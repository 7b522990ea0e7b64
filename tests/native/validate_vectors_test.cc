// Runs tests/vectors/validate/*.json against the native build (tests/wasm/ runs them against wasm).
#include <gtest/gtest.h>

#include "appnotify/validate.h"
#include "vectors.h"

namespace appnotify {
namespace {

using nlohmann::json;
using testing::VectorCase;

const std::vector<VectorCase>& cases() {
  static const std::vector<VectorCase> loaded = testing::load_vectors("validate");
  return loaded;
}

json problems_summary(const json& problems) {
  json out = json::array();
  for (const json& p : problems) out.push_back({{"code", p.at("code")}, {"path", p.at("path")}});
  return out;
}

// Expected "data" may be written as an object for readability; compare it parsed.
json comparable_value(json value, const json& expected) {
  if (value.is_object() && expected.is_object() && expected.contains("data") && expected["data"].is_object() &&
      value.contains("data") && value["data"].is_string()) {
    value["data"] = json::parse(value["data"].get<std::string>());
  }
  return value;
}

class ValidateVector : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ValidateVector, MatchesExpectation) {
  const VectorCase& vector = cases()[GetParam()];
  ASSERT_FALSE(vector.spec.is_null()) << vector.file << " is not a JSON array of cases";
  const std::string entry = vector.spec.value("entry", "create");
  const std::string text = testing::input_text(vector.spec);
  const ValidationResult result =
      entry == "sendAppNotification" ? validate_send_app_notification(text) : validate_create(text);
  const json actual = json::parse(to_json(result));
  const json expect = json::parse(vector.spec.at("expect").dump());

  EXPECT_EQ(actual["ok"], expect.at("ok")) << actual.dump(2);
  EXPECT_EQ(problems_summary(actual["errors"]), problems_summary(expect.value("errors", json::array())))
      << actual.dump(2);
  EXPECT_EQ(problems_summary(actual["warnings"]), problems_summary(expect.value("warnings", json::array())))
      << actual.dump(2);
  if (expect.contains("value")) {
    EXPECT_EQ(comparable_value(actual["value"], expect["value"]), expect["value"]) << actual.dump(2);
  }
  for (const json& fragment : expect.value("messages", json::array())) {
    bool found = false;
    for (const char* list : {"errors", "warnings"}) {
      for (const json& p : actual[list]) {
        found = found || p["message"].get<std::string>().find(fragment.get<std::string>()) != std::string::npos;
      }
    }
    EXPECT_TRUE(found) << "no message contains " << fragment << "\n" << actual.dump(2);
  }
}

INSTANTIATE_TEST_SUITE_P(Vectors, ValidateVector, ::testing::Range<std::size_t>(0, cases().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           return testing::test_name(cases(), info.param);
                         });

}  // namespace
}  // namespace appnotify
