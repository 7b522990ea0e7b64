#include "appnotify/notification.h"

#include "common/json.h"

namespace appnotify {

std::string_view name_of(IconType value) {
  switch (value) {
    case IconType::Info: return "Info";
    case IconType::Success: return "Success";
    case IconType::Failure: return "Failure";
    case IconType::Warning: return "Warning";
    case IconType::Mention: return "Mention";
    case IconType::Custom: return "Custom";
  }
  return "";
}

std::string_view name_of(ToastType value) {
  switch (value) {
    case ToastType::Timed: return "Timed";
    case ToastType::Hidden: return "Hidden";
  }
  return "";
}

std::string_view name_of(Priority value) {
  switch (value) {
    case Priority::Normal: return "Normal";
    case Priority::High: return "High";
  }
  return "";
}

std::string_view name_of(NavigationTarget value) {
  switch (value) {
    case NavigationTarget::Inline: return "inline";
    case NavigationTarget::Dialog: return "dialog";
    case NavigationTarget::NewWindow: return "newWindow";
  }
  return "";
}

std::string_view name_of(ActionType value) {
  switch (value) {
    case ActionType::Url: return "url";
    case ActionType::SidePane: return "sidepane";
    case ActionType::TeamsChat: return "teamsChat";
  }
  return "";
}

std::optional<IconType> icon_type_from_value(std::int64_t value) {
  if (value < static_cast<std::int64_t>(IconType::Info) || value > static_cast<std::int64_t>(IconType::Custom)) {
    return std::nullopt;
  }
  return static_cast<IconType>(value);
}

std::optional<ToastType> toast_type_from_value(std::int64_t value) {
  if (value == static_cast<std::int64_t>(ToastType::Timed)) return ToastType::Timed;
  if (value == static_cast<std::int64_t>(ToastType::Hidden)) return ToastType::Hidden;
  return std::nullopt;
}

std::optional<Priority> priority_from_value(std::int64_t value) {
  if (value == static_cast<std::int64_t>(Priority::Normal)) return Priority::Normal;
  if (value == static_cast<std::int64_t>(Priority::High)) return Priority::High;
  return std::nullopt;
}

Json to_json_value(const Notification& n) {
  Json out = Json::object();
  if (n.id) out["appnotificationid"] = *n.id;
  out["title"] = n.title;
  if (n.body) out["body"] = *n.body;
  out["ownerid"] = n.owner_id;
  out["icontype"] = static_cast<std::int32_t>(n.icon_type);
  out["toasttype"] = static_cast<std::int32_t>(n.toast_type);
  out["priority"] = static_cast<std::int32_t>(n.priority);
  if (n.ttl_seconds) out["ttlinseconds"] = *n.ttl_seconds;
  if (n.data) out["data"] = *n.data;
  return out;
}

std::string to_json(const Notification& n) { return dump_compact(to_json_value(n)); }

}  // namespace appnotify
