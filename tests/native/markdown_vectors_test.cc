// Runs tests/vectors/markdown/*.json against the native build (tests/wasm/ runs them against wasm).
#include <gtest/gtest.h>

#include "appnotify/markdown.h"
#include "vectors.h"

namespace appnotify {
namespace {

using testing::VectorCase;

const std::vector<VectorCase>& cases() {
  static const std::vector<VectorCase> loaded = testing::load_vectors("markdown");
  return loaded;
}

class MarkdownVector : public ::testing::TestWithParam<std::size_t> {};

TEST_P(MarkdownVector, RendersAsExpected) {
  const VectorCase& vector = cases()[GetParam()];
  ASSERT_FALSE(vector.spec.is_null()) << vector.file << " is not a JSON array of cases";
  const bool plain = vector.spec.contains("plain");
  const std::string input = vector.spec.at(plain ? "plain" : "markdown").get<std::string>();
  const RenderedContent rendered = plain ? render_plain_text(input) : render_markdown(input);
  EXPECT_EQ(rendered.html, vector.spec.at("html").get<std::string>());
  EXPECT_EQ(rendered.text, vector.spec.at("text").get<std::string>());
}

INSTANTIATE_TEST_SUITE_P(Vectors, MarkdownVector, ::testing::Range<std::size_t>(0, cases().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           return testing::test_name(cases(), info.param);
                         });

}  // namespace
}  // namespace appnotify
