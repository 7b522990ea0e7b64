// Internal: the checks of the rich content of a notification (the JSON held by the `data` column):
// markdown title/body, the custom icon and the actions. They normalize in place what a sender
// unambiguously meant (" newWindow" is newWindow) and warn about it.
#pragma once

#include <optional>
#include <string>

#include "appnotify/notification.h"
#include "common/json.h"
#include "validate/report.h"

namespace appnotify {

// data.title / data.body: markdown text.
void check_markdown(const Json& object, const std::string& key, const std::string& path, Report& report);

// data.iconUrl: relative or https; shown only when the icon type is Custom.
void check_icon_url(const Json& object, const std::string& path, IconType icon_type, Report& report);

// data.actions: an array of {"title", "data": {"type", "url", "navigationTarget", ...}}.
void check_actions(Json& actions, const std::string& path, Report& report);

// The whole `data` column of a record: a JSON text (or an object, serialized with a warning).
// Answers the normalized compact JSON text when nothing is wrong with it.
std::optional<std::string> check_data_column(const Json* value, const std::string& path, IconType icon_type,
                                             Report& report);

// The compact JSON text of data built from parts (SendAppNotification), checked against the limit;
// `name` names the parts in the message ("OverrideContent and Actions together").
std::optional<std::string> finish_data(const Json& data, const std::string& path, const std::string& name,
                                       Report& report);

}  // namespace appnotify
