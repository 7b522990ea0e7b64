#include "odata/change_tracking.h"

#include <charconv>
#include <map>

#include "appnotify/guid.h"

namespace appnotify::server {
namespace {

// A whole non-negative decimal number of at most 18 digits, nothing else.
std::optional<std::int64_t> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::string format_delta_token(const DeltaToken& token) {
  return std::to_string(token.after_event) + "!" + std::to_string(token.issued_ms);
}

std::optional<DeltaToken> parse_delta_token(std::string_view text) {
  const std::size_t bang = text.find('!');
  if (bang == std::string_view::npos) return std::nullopt;
  const auto event = parse_number(text.substr(0, bang));
  const auto issued = parse_number(text.substr(bang + 1));
  if (!event || !issued) return std::nullopt;
  return DeltaToken{*event, *issued};
}

std::string format_page_token(const TrackedPageToken& token) {
  return format_delta_token(token.delta) + "!" + token.after_id;
}

std::optional<TrackedPageToken> parse_page_token(std::string_view text) {
  const std::size_t bang = text.rfind('!');
  if (bang == std::string_view::npos) return std::nullopt;
  const auto delta = parse_delta_token(text.substr(0, bang));
  const std::string_view id = text.substr(bang + 1);
  if (!delta || id.size() != 36 || !parse_guid(std::string(id))) return std::nullopt;
  return TrackedPageToken{*delta, std::string(id)};
}

bool delta_token_expired(const DeltaToken& token, std::int64_t now_ms, std::int64_t retention_ms) {
  return now_ms - token.issued_ms > retention_ms - kDeltaTokenMarginMs;
}

std::vector<DeltaEntry> collapse_events(const std::vector<ChangeEvent>& events) {
  std::map<std::string, std::size_t> last;  // notification id -> index of its last event
  for (std::size_t i = 0; i < events.size(); ++i) last[events[i].notification_id] = i;
  std::vector<DeltaEntry> out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const ChangeEvent& event = events[i];
    if (last[event.notification_id] != i) continue;
    out.push_back({event.notification_id, event.kind == "deleted" ? std::nullopt : event.record});
  }
  return out;
}

std::string deleted_entity_json(const std::string& base, const std::string& id) {
  // Ids are GUIDs (the store holds nothing else), so they need no escaping.
  return "{\"@odata.context\":\"" + base + "$metadata#appnotifications/$deletedEntity\",\"id\":\"" + id +
         "\",\"reason\":\"deleted\"}";
}

}  // namespace appnotify::server
