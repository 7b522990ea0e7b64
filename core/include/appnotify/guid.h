// appnotify/guid.h: GUID syntax, as Dataverse writes it (8-4-4-4-12 hex digits, optionally in
// braces). The validator and the server read every id with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace appnotify {

// The canonical lowercase form without braces, or nullopt when `text` is not a GUID.
std::optional<std::string> parse_guid(std::string_view text);

inline constexpr std::string_view kNilGuid = "00000000-0000-0000-0000-000000000000";
inline constexpr std::string_view kExampleGuid = "6f9619ff-8b86-d011-b42d-00c04fc964ff";

}  // namespace appnotify
