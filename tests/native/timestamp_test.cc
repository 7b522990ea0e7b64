#include "appnotify/timestamp.h"

#include <gtest/gtest.h>

namespace appnotify {
namespace {

TEST(Timestamp, FormatsAndParsesBackExactly) {
  for (std::int64_t ms : {0LL, 1795780800123LL, -1LL, 951782400000LL, 253402300799999LL}) {
    EXPECT_EQ(parse_timestamp(format_timestamp(ms)), ms) << format_timestamp(ms);
  }
  EXPECT_EQ(format_timestamp(1795780800123LL), "2026-11-27T12:00:00.123Z");
}

TEST(Timestamp, ReadsTheFormsServersAndClientsWrite) {
  EXPECT_EQ(parse_timestamp("2026-11-27T12:00:00Z"), 1795780800000LL);
  EXPECT_EQ(parse_timestamp("2026-11-27T12:00Z"), 1795780800000LL);
  EXPECT_EQ(parse_timestamp("2026-11-27T14:00:00.5+02:00"), 1795780800500LL);
  EXPECT_EQ(parse_timestamp("2026-11-27T06:30:00.1234567-0530"), 1795780800123LL);
}

TEST(Timestamp, RefusesImpossibleOrMalformedTimes) {
  for (const char* text : {"2026-02-30T00:00:00.000Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                           "2026-11-27T24:00:00Z", "2026-11-27", "2026-11-27T12:00:00", "yesterday", "",
                           "2026-11-27T12:00:00.Z", "2026-11-27T12:00:00.000Zjunk"}) {
    EXPECT_EQ(parse_timestamp(text), std::nullopt) << text;
  }
  EXPECT_EQ(parse_timestamp("2024-02-29T00:00:00Z").has_value(), true);
}

}  // namespace
}  // namespace appnotify
