// appnotify/notification.h: the notification record (entity `appnotification`) and its option sets.
//
// The option sets carry the exact values Dataverse uses, so a record can travel between appnotify
// and Dataverse unchanged. Never write the bare numbers elsewhere: use these enums.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace appnotify {

enum class IconType : std::int32_t {
  Info = 100000000,  // default
  Success = 100000001,
  Failure = 100000002,
  Warning = 100000003,
  Mention = 100000004,
  Custom = 100000005,  // shows data.iconUrl
};

enum class ToastType : std::int32_t {
  Timed = 200000000,   // default: a toast for the user's duration (4 s unless changed)
  Hidden = 200000001,  // only in the notification center
};

enum class Priority : std::int32_t {
  Normal = 200000000,  // default
  High = 200000001,    // listed first in the center
};

// Where an action's URL opens (data.actions[].data.navigationTarget).
enum class NavigationTarget { Inline, Dialog, NewWindow };

// What an action does (data.actions[].data.type); the embedding page decides SidePane and TeamsChat.
enum class ActionType { Url, SidePane, TeamsChat };

// Name <-> value for the option sets, as Dataverse names them ("Info", "Timed", "High").
// The *_from_value functions answer std::nullopt for a number outside the set.
std::string_view name_of(IconType value);
std::string_view name_of(ToastType value);
std::string_view name_of(Priority value);
std::string_view name_of(NavigationTarget value);  // "inline", "dialog", "newWindow"
std::string_view name_of(ActionType value);        // "url", "sidepane", "teamsChat"
std::optional<IconType> icon_type_from_value(std::int64_t value);
std::optional<ToastType> toast_type_from_value(std::int64_t value);
std::optional<Priority> priority_from_value(std::int64_t value);

// Column limits of the record (lengths count UTF-16 code units, as Dataverse and JavaScript do).
inline constexpr std::size_t kTitleMaxLength = 256;
inline constexpr std::size_t kBodyMaxLength = 500;
inline constexpr std::size_t kDataMaxLength = 5000;
inline constexpr std::int64_t kTtlMin = 1;
inline constexpr std::int64_t kTtlMax = 2147483647;

// A notification as the validator accepts it: defaults applied, GUIDs in lowercase canonical
// form, `data` re-serialized from its validated (and possibly normalized) JSON.
struct Notification {
  std::optional<std::string> id;  // appnotificationid, when the client supplies one
  std::string title;
  std::optional<std::string> body;
  std::string owner_id;  // the one recipient (a systemuser GUID)
  IconType icon_type = IconType::Info;
  ToastType toast_type = ToastType::Timed;
  Priority priority = Priority::Normal;
  std::optional<std::int64_t> ttl_seconds;  // absent: the server's default applies
  std::optional<std::string> data;          // compact JSON text of an object
};

// The record as the Web API writes it on create: {"title": ..., "ownerid": ..., "icontype": ...}.
// Absent optional columns are left out.
std::string to_json(const Notification& notification);

}  // namespace appnotify
