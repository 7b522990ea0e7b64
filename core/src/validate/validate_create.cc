// validate_create: the create payload of `appnotifications`, column by column.
#include <algorithm>
#include <vector>

#include "appnotify/validate.h"
#include "validate/data_checks.h"
#include "validate/fields.h"
#include "validate/json_reader.h"
#include "validate/text.h"
#include "validate/validation_result.h"

namespace appnotify {
namespace {

const std::vector<std::string> kWritableColumns = {"appnotificationid",  "title",    "body",      "owner",
                                                   "ownerid@odata.bind", "icontype", "toasttype", "priority",
                                                   "ttlinseconds",       "data"};
const std::vector<std::string> kReadOnlyColumns = {
    "createdon", "modifiedon", "createdby", "modifiedby", "_ownerid_value", "_createdby_value", "_modifiedby_value"};

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Annotations ("@odata.type", "title@OData.Community.Display.V1.FormattedValue") are what clients
// echo back from a read; they carry no column value and are ignored.
bool is_annotation(const std::string& key) {
  if (key.empty() || key.front() == '@') return !key.empty();
  const std::size_t at = key.find('@');
  if (at == std::string::npos || key == "ownerid@odata.bind") return false;
  return contains(kWritableColumns, key.substr(0, at)) || contains(kReadOnlyColumns, key.substr(0, at));
}

void report_unexpected_column(const std::string& key, Report& report) {
  const std::string path = pointer_append("", key);
  if (contains(kReadOnlyColumns, key)) {
    report.error("field.read_only", path, key + " is set by the server and cannot be written; leave it out.");
    return;
  }
  std::string message = "appnotification has no column \"" + key + "\"";
  if (key == "ownerid") {
    message += "; set the recipient with \"ownerid@odata.bind\": \"/systemusers(<guid>)\" or \"owner\": \"<guid>\".";
  } else if (std::optional<std::string> near = closest_name(key, kWritableColumns)) {
    message += "; did you mean \"" + *near + "\"?";
  } else {
    message += "; its columns are " + join_words(kWritableColumns, "and") + ".";
  }
  report.error("field.unknown", path, message);
}

FieldRef column(const Json& root, const std::string& key) {
  return {root.contains(key) ? &root[key] : nullptr, pointer_append("", key), key};
}

std::optional<std::string> settle_owner(const Json& root, Report& report) {
  const FieldRef plain = column(root, "owner");
  const FieldRef bind = column(root, "ownerid@odata.bind");
  const std::size_t errors_before = report.error_count();
  const std::optional<std::string> from_plain = check_guid(plain, report);
  const std::optional<std::string> from_bind = check_owner_bind(bind, report);
  if (report.error_count() != errors_before) return std::nullopt;
  if (from_plain && from_bind && *from_plain != *from_bind) {
    report.error("owner.conflict", bind.path,
                 "owner and ownerid@odata.bind name different users (" + *from_plain + ", " + *from_bind +
                     "); a notification has one recipient: give one of them.");
    return std::nullopt;
  }
  if (!from_plain && !from_bind) {
    report.error("field.required", plain.path,
                 "the recipient is required: \"ownerid@odata.bind\": \"/systemusers(<guid>)\" or \"owner\": "
                 "\"<guid>\".");
    return std::nullopt;
  }
  return from_bind ? from_bind : from_plain;
}

}  // namespace

ValidationResult validate_create(std::string_view json_text) {
  Report report;
  const std::optional<Json> parsed = read_json(json_text, "", "the payload", report);
  if (!parsed) return finish_validation(report, std::nullopt);
  const Json& root = *parsed;
  if (!root.is_object()) {
    report.error("json.not_object", "",
                 "the payload must be a JSON object such as {\"title\": \"...\", \"owner\": \"<guid>\"}, not " +
                     json_type_name(root) + ".");
    return finish_validation(report, std::nullopt);
  }
  for (const auto& [key, value] : root.items()) {
    if (!contains(kWritableColumns, key) && !is_annotation(key)) report_unexpected_column(key, report);
  }

  Notification n;
  n.id = check_guid(column(root, "appnotificationid"), report);
  n.title = check_title(column(root, "title"), report).value_or("");
  n.body = check_body(column(root, "body"), report);
  n.owner_id = settle_owner(root, report).value_or("");
  n.icon_type = check_icon_type(column(root, "icontype"), report).value_or(IconType::Info);
  n.toast_type = check_toast_type(column(root, "toasttype"), report).value_or(ToastType::Timed);
  n.priority = check_priority(column(root, "priority"), report).value_or(Priority::Normal);
  n.ttl_seconds = check_ttl(column(root, "ttlinseconds"), report);
  const FieldRef data = column(root, "data");
  n.data = check_data_column(data.value, data.path, n.icon_type, report);
  return finish_validation(report, std::move(n));
}

}  // namespace appnotify
