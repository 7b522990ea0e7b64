// The core's compact table of HTML5 named references (generated from md4c's entity.c) against
// md4c's own lookup: every name, the same characters; names that are prefixes of others ("&sup;",
// "&sup1;"); numeric references; unknown names left as they are.
#include "render/html_entities.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "appnotify/html_entities.h"

extern "C" {
#include "entity.h"
}

namespace appnotify {
namespace {

std::string utf8_of(const ENTITY& entity) {
  std::string out;
  append_utf8(out, entity.codepoints[0]);
  if (entity.codepoints[1] != 0) append_utf8(out, entity.codepoints[1]);
  return out;
}

std::string decoded(std::string_view reference) {
  std::string out;
  EXPECT_TRUE(append_decoded_entity(out, reference)) << "the native build has the table built in: " << reference;
  return out;
}

TEST(HtmlEntities, EveryNameDecodesAsMd4cDecodesIt) {
  ASSERT_TRUE(html_entities_available());
  std::size_t checked = 0;
  const std::string_view table = builtin_html_entities();
  const std::string_view names = table.substr(0, table.find('\n'));  // "name;name;..."
  for (std::size_t at = 0; at < names.size(); ++checked) {
    const std::size_t end = names.find(';', at) + 1;
    const std::string reference = "&" + std::string(names.substr(at, end - at));
    at = end;
    const ENTITY* expected = entity_lookup(reference.data(), reference.size());
    ASSERT_NE(expected, nullptr) << reference;
    EXPECT_EQ(decoded(reference), utf8_of(*expected)) << reference;
  }
  EXPECT_EQ(checked, 2125u);  // HTML5's named references, as md4c 0.5.2 lists them
}

TEST(HtmlEntities, NamesThatArePrefixesOfOthers) {
  EXPECT_EQ(decoded("&sup;"), "\xE2\x8A\x83");
  EXPECT_EQ(decoded("&sup1;"), "\xC2\xB9");
  EXPECT_EQ(decoded("&frac12;"), "\xC2\xBD");
  EXPECT_EQ(decoded("&amp;"), "&");
  EXPECT_EQ(decoded("&AMP;"), "&");
  EXPECT_EQ(decoded("&NotEqualTilde;"), "\xE2\x89\x82\xCC\xB8");  // two code points
}

TEST(HtmlEntities, UnknownNamesAndNumbers) {
  EXPECT_EQ(decoded("&nosuchthing;"), "&nosuchthing;");
  EXPECT_EQ(decoded("&su;"), "&su;");
  EXPECT_EQ(decoded("&#x1F514;"), "\xF0\x9F\x94\x94");
  EXPECT_EQ(decoded("&#0;"), "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace appnotify
