#include "validate/text.h"

#include <gtest/gtest.h>

#include "appnotify/guid.h"

namespace appnotify {
namespace {

TEST(Text, LengthCountsUtf16CodeUnitsLikeJavaScript) {
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("\xC3\xA9"), 1u);          // é
  EXPECT_EQ(utf16_length("\xE2\x82\xAC"), 1u);      // €
  EXPECT_EQ(utf16_length("\xF0\x9F\x94\x94"), 2u);  // 🔔, a surrogate pair
}

TEST(Text, PositionsAreOneBasedLinesAndCodePointColumns) {
  const std::string text = "{\n  \"\xC3\xA9\": 'x'}";
  const TextPosition p = position_of(text, text.find('\''));
  EXPECT_EQ(p.line, 2u);
  EXPECT_EQ(p.column, 8u);
}

TEST(Text, ClosestNamePrefersCaseThenSmallEdits) {
  const std::vector<std::string> names = {"icontype", "toasttype", "priority", "title"};
  EXPECT_EQ(closest_name("iconType", names), "icontype");
  EXPECT_EQ(closest_name("prority", names), "priority");
  EXPECT_EQ(closest_name("colour", names), std::nullopt);
}

TEST(Guid, CanonicalFormIsLowercaseWithoutBraces) {
  EXPECT_EQ(parse_guid("{6F9619FF-8B86-D011-B42D-00C04FC964FF}"), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
  EXPECT_EQ(parse_guid("6f9619ff8b86d011b42d00c04fc964ff"), std::nullopt);
  EXPECT_EQ(parse_guid("6f9619ff-8b86-d011-b42d-00c04fc964fg"), std::nullopt);
}

}  // namespace
}  // namespace appnotify
