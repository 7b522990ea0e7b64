// Internal: the checks of the record's columns, shared by every entry point (create payload,
// SendAppNotification), so each column is judged by one piece of code whatever it was called.
//
// Each check takes the value as sent (nullptr when absent), the JSON pointer to report at and the
// name the sender used for it ("title" or "Title"). It answers the normalized value, or nullopt
// when the value is absent or wrong; wrong values are reported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "appnotify/notification.h"
#include "common/json.h"
#include "validate/report.h"

namespace appnotify {

struct FieldRef {
  const Json* value;  // nullptr when absent
  std::string path;
  std::string name;
};

std::optional<std::string> check_title(const FieldRef& field, Report& report);
std::optional<std::string> check_body(const FieldRef& field, Report& report);
std::optional<std::string> check_guid(const FieldRef& field, Report& report);
// "/systemusers(<guid>)", "systemusers(<guid>)" or an absolute URL ending so: the recipient's GUID.
std::optional<std::string> check_owner_bind(const FieldRef& field, Report& report);
std::optional<IconType> check_icon_type(const FieldRef& field, Report& report);
std::optional<ToastType> check_toast_type(const FieldRef& field, Report& report);
std::optional<Priority> check_priority(const FieldRef& field, Report& report);
std::optional<std::int64_t> check_ttl(const FieldRef& field, Report& report);

// "string", "number", "object"... for messages.
std::string json_type_name(const Json& value);

}  // namespace appnotify
