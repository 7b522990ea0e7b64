// The server's change-tracking pieces that need no database: its tokens (parsed strictly, as a
// client may send anything), their expiry, and the reduction of a user's events to a delta.
#include "odata/change_tracking.h"

#include <gtest/gtest.h>

namespace appnotify::server {
namespace {

constexpr const char* kId = "a11ce000-0000-4000-8000-000000000001";

TEST(DeltaToken, RoundTripsAndRefusesAnythingElse) {
  const DeltaToken token{42, 1795780800000};
  EXPECT_EQ(format_delta_token(token), "42!1795780800000");
  const auto parsed = parse_delta_token(format_delta_token(token));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->after_event, 42);
  EXPECT_EQ(parsed->issued_ms, 1795780800000);
  for (const char* bad :
       {"", "!", "42", "42!", "!5", "-1!5", "4 2!5", "42!5!", "0x1!5", "1!9999999999999999999", "１!5"}) {
    EXPECT_FALSE(parse_delta_token(bad)) << bad;
  }
}

TEST(DeltaToken, PageTokensCarryADeltaTokenAndAGuid) {
  const std::string text = format_page_token({{7, 9}, kId});
  EXPECT_EQ(text, std::string("7!9!") + kId);
  const auto parsed = parse_page_token(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->delta.after_event, 7);
  EXPECT_EQ(parsed->after_id, kId);
  EXPECT_FALSE(parse_page_token("7!9"));
  EXPECT_FALSE(parse_page_token("7!9!not-a-guid"));
  EXPECT_FALSE(parse_page_token(std::string("7!") + kId));
  EXPECT_FALSE(parse_page_token(std::string("7!9!") + kId + "x"));
}

TEST(DeltaToken, ExpiresAnHourBeforeTheEventsItNeedsAreSwept) {
  const std::int64_t day = 24LL * 3600 * 1000;
  const DeltaToken token{1, 1000};
  EXPECT_FALSE(delta_token_expired(token, 1000 + day - kDeltaTokenMarginMs, day));
  EXPECT_TRUE(delta_token_expired(token, 1000 + day - kDeltaTokenMarginMs + 1, day));
}

ChangeEvent event(std::int64_t id, const char* kind, const char* notification, bool with_record) {
  ChangeEvent e{id, "owner", kind, notification, std::nullopt};
  if (with_record) {
    StoredNotification record;
    record.id = notification;
    record.title = std::string(kind) + " " + std::to_string(id);
    e.record = record;
  }
  return e;
}

TEST(CollapseEvents, OneEntryPerNotificationInItsLastState) {
  const std::vector<DeltaEntry> entries = collapse_events({
      event(1, "created", "a", true),
      event(2, "created", "b", true),
      event(3, "updated", "a", true),
      event(4, "deleted", "b", false),
      event(5, "created", "c", false),  // since expired: no record
      event(6, "created", "d", true),
  });
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].id, "a");
  ASSERT_TRUE(entries[0].record);
  EXPECT_EQ(entries[0].record->title, "updated 3");
  EXPECT_EQ(entries[1].id, "b");
  EXPECT_FALSE(entries[1].record);
  EXPECT_EQ(entries[2].id, "c");
  EXPECT_FALSE(entries[2].record);
  EXPECT_EQ(entries[3].id, "d");
  EXPECT_TRUE(entries[3].record);
}

TEST(CollapseEvents, DeletedEntitiesNameTheCollection) {
  EXPECT_EQ(deleted_entity_json("http://h/api/data/v9.2/", kId),
            std::string("{\"@odata.context\":\"http://h/api/data/v9.2/$metadata#appnotifications/$deletedEntity\","
                        "\"id\":\"") +
                kId + "\",\"reason\":\"deleted\"}");
}

}  // namespace
}  // namespace appnotify::server
