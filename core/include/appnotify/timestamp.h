// appnotify/timestamp.h: the record's times (createdon, modifiedon) as text and as milliseconds.
//
// Times are UTC ISO 8601 with milliseconds, as Dataverse writes them: "2026-11-27T08:15:00.123Z".
// Nothing here reads a clock: callers pass times in and get times out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace appnotify {

// Milliseconds since 1970-01-01T00:00:00Z of an ISO 8601 date-time: "YYYY-MM-DDTHH:MM[:SS[.fff]]"
// followed by "Z" or an offset ("+02:00", "-0530"). Fractions beyond milliseconds are truncated.
// nullopt when the text is not such a time or names an impossible date.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS.fffZ" for milliseconds since the epoch (years 0000-9999).
std::string format_timestamp(std::int64_t epoch_ms);

}  // namespace appnotify
