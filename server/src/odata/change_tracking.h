// OData change tracking for the appnotifications collection, as Dataverse does it for its
// change-tracked tables (docs/api.md):
//   GET appnotifications            Prefer: odata.track-changes
//     -> every live record, paged, and on the last page "@odata.deltaLink"
//   GET <the deltaLink>
//     -> what changed since: the records created or updated, as they are now, and for each one
//        deleted (or reassigned to someone else) {"@odata.context": ".../$deletedEntity", "id", "reason"}
//        and a new "@odata.deltaLink"; 410 Gone when the token is older than the change events kept.
// The tokens are opaque to clients. A delta token names the last change event its reader could
// see and when it was issued; a page token of the first download carries the delta token of its
// first page and the last id it returned, so pages go by id and a deletion between two pages
// cannot make the next one skip a record. Pure: no I/O; tokens are parsed strictly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace appnotify::server {

struct DeltaToken {
  std::int64_t after_event = 0;  // changes with a higher event id are news to its holder
  std::int64_t issued_ms = 0;
};

// The first download's next page: everything with an id above `after_id`, and then `delta`.
struct TrackedPageToken {
  DeltaToken delta;
  std::string after_id;
};

std::string format_delta_token(const DeltaToken& token);  // "<event>!<ms>"
std::optional<DeltaToken> parse_delta_token(std::string_view text);
std::string format_page_token(const TrackedPageToken& token);  // "<event>!<ms>!<id>"
std::optional<TrackedPageToken> parse_page_token(std::string_view text);

// A token stays usable while every change event after it is surely still kept: events are kept
// `retention_ms` from their commit, and an event after the token committed after it was issued, give
// or take how long a write waits in the queue and the instances' clocks; an hour covers both.
inline constexpr std::int64_t kDeltaTokenMarginMs = 3600 * 1000;
bool delta_token_expired(const DeltaToken& token, std::int64_t now_ms, std::int64_t retention_ms);

// One entry of a delta answer: the record as it is now, or the id of one that is gone.
struct DeltaEntry {
  std::string id;
  std::optional<StoredNotification> record;  // empty: deleted, expired or given to someone else
};

// The owner's events, in id order, reduced to one entry per notification: its last state. Entries
// come in the order of each notification's last event.
std::vector<DeltaEntry> collapse_events(const std::vector<ChangeEvent>& events);

// The "$deletedEntity" entry for `id`, with the collection's context under `base`.
std::string deleted_entity_json(const std::string& base, const std::string& id);

}  // namespace appnotify::server
