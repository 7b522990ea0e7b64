// The core as the page's display module has it: no named references' table built in (linked with
// wasm/no_builtin_entities.cc), and a host's decoder of them set or not (appnotify/html_entities.h).
// md4c's own lookup stands in for the browser's parser that decodes them in a page.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "appnotify/html_entities.h"
#include "appnotify/markdown.h"

extern "C" {
#include "entity.h"
}

namespace appnotify {
namespace {

std::vector<std::string>& asked() {
  static std::vector<std::string> names;
  return names;
}

std::int64_t md4c_entity(std::string_view name) {
  asked().emplace_back(name);
  const std::string reference = "&" + std::string(name) + ";";
  const ENTITY* found = entity_lookup(reference.data(), reference.size());
  return found == nullptr ? -1 : std::int64_t{found->codepoints[0]} * 0x200000 + found->codepoints[1];
}

std::int64_t answer = -1;
std::int64_t fixed_answer(std::string_view) { return answer; }

class HtmlEntityResolver : public ::testing::Test {
 protected:
  void SetUp() override { asked().clear(); }
  void TearDown() override { set_html_entity_resolver(nullptr); }
};

TEST_F(HtmlEntityResolver, WithoutTableOrResolverTheRenderSaysItNeedsOne) {
  EXPECT_FALSE(html_entities_available());
  const RenderedContent rendered = render_markdown("&copy; [r](/r?a=1&amp;b=2)");
  EXPECT_TRUE(rendered.needs_entities);
  EXPECT_EQ(rendered.html, "<p>&copy; r</p>\n");
}

TEST_F(HtmlEntityResolver, WithAResolverTheRenderIsExact) {
  set_html_entity_resolver(&md4c_entity);
  EXPECT_TRUE(html_entities_available());
  const RenderedContent rendered = render_markdown("&copy; &notit; &NotEqualTilde; [r](/r?a=1&amp;b=2)");
  EXPECT_FALSE(rendered.needs_entities);
  EXPECT_EQ(rendered.text, "\xC2\xA9 &notit; \xE2\x89\x82\xCC\xB8 r");
  EXPECT_NE(rendered.html.find("<a href=\"/r?a=1&amp;b=2\""), std::string::npos) << rendered.html;
  EXPECT_EQ(asked(), (std::vector<std::string>{"copy", "notit", "NotEqualTilde", "amp"}));
}

TEST_F(HtmlEntityResolver, OnlyNamesOfLettersAndDigitsAreAsked) {
  set_html_entity_resolver(&md4c_entity);
  render_markdown("&#169; &#x1F514; & &; &x-y; a&b");
  EXPECT_TRUE(asked().empty());
}

TEST_F(HtmlEntityResolver, AnswersThatAreNotUnicodeScalarValuesLeaveTheReferenceAsWritten) {
  set_html_entity_resolver(&fixed_answer);
  constexpr std::int64_t M = 0x200000;
  for (const std::int64_t bad : {std::int64_t{-1}, std::int64_t{0}, 0x110000 * M, 0xD800 * M, 0xDFFF * M,
                                 65 * M + 0xD800, 65 * M + 0x110000, std::int64_t{1} << 62}) {
    answer = bad;
    const RenderedContent rendered = render_markdown("x &copy; y");
    EXPECT_EQ(rendered.html, "<p>x &amp;copy; y</p>\n") << bad;
    EXPECT_FALSE(rendered.needs_entities) << bad;
  }
  answer = 0x10FFFF * M + 65;
  EXPECT_EQ(render_markdown("&copy;").text,
            "\xF4\x8F\xBF\xBF"
            "A");
}

TEST_F(HtmlEntityResolver, RemovingTheResolverLeavesReferencesUndecodedAgain) {
  set_html_entity_resolver(&md4c_entity);
  set_html_entity_resolver(nullptr);
  EXPECT_FALSE(html_entities_available());
  EXPECT_TRUE(render_markdown("&copy;").needs_entities);
}

}  // namespace
}  // namespace appnotify
