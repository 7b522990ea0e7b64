// validate_send_app_notification: the SendAppNotification action's parameters, mapped onto the
// same record and judged by the same column checks as a create payload.
#include <algorithm>
#include <vector>

#include "appnotify/guid.h"
#include "appnotify/validate.h"
#include "validate/data_checks.h"
#include "validate/fields.h"
#include "validate/json_reader.h"
#include "validate/text.h"
#include "validate/validation_result.h"

namespace appnotify {
namespace {

const std::vector<std::string> kParameters = {
    "Title", "Recipient", "Body", "IconType", "ToastType", "Priority", "Expiry", "OverrideContent", "Actions"};
const std::vector<std::string> kOverrideKeys = {"title", "body", "iconUrl"};

bool is_annotation(const std::string& key) { return key.find('@') != std::string::npos; }

// Open-type parameters arrive with "@odata.type" annotations at every level; they carry no content.
Json without_annotations(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) {
      if (!is_annotation(key)) out[key] = without_annotations(item);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(without_annotations(item));
    return out;
  }
  return value;
}

FieldRef parameter(const Json& root, const std::string& name) {
  return {root.contains(name) ? &root[name] : nullptr, pointer_append("", name), name};
}

// Recipient: "/systemusers(<guid>)" as documented, or the entity form {"systemuserid": "<guid>"}.
std::optional<std::string> check_recipient(const FieldRef& field, Report& report) {
  if (field.value == nullptr || field.value->is_null()) {
    report.error("field.required", field.path, "Recipient is required: \"/systemusers(<guid>)\".");
    return std::nullopt;
  }
  if (field.value->is_object()) {
    const Json& entity = *field.value;
    const FieldRef id{entity.contains("systemuserid") ? &entity["systemuserid"] : nullptr,
                      pointer_append(field.path, "systemuserid"), "Recipient systemuserid"};
    if (id.value == nullptr) {
      report.error("field.required", id.path, "Recipient as an object needs systemuserid: the user's GUID.");
      return std::nullopt;
    }
    return check_guid(id, report);
  }
  return check_owner_bind(field, report);
}

void check_override_content(const Json& content, const std::string& path, IconType icon_type, Json& data,
                            Report& report) {
  if (!content.is_object()) {
    report.error("field.type", path,
                 "OverrideContent must be an object such as {\"title\": \"**markdown**\", \"body\": \"...\"}, "
                 "not " +
                     json_type_name(content) + ".");
    return;
  }
  for (const auto& [key, value] : content.items()) {
    if (std::find(kOverrideKeys.begin(), kOverrideKeys.end(), key) != kOverrideKeys.end()) {
      data[key] = value;
      continue;
    }
    std::string message = "OverrideContent has an unknown key \"" + key + "\", which is ignored";
    if (std::optional<std::string> near = closest_name(key, kOverrideKeys))
      message += "; did you mean \"" + *near + "\"?";
    report.warn("data.unknown_key", pointer_append(path, key), message + (message.back() == '?' ? "" : "."));
  }
  check_markdown(content, "title", pointer_append(path, "title"), report);
  check_markdown(content, "body", pointer_append(path, "body"), report);
  check_icon_url(content, pointer_append(path, "iconUrl"), icon_type, report);
}

void check_actions_parameter(const Json& parameter_value, const std::string& path, Json& data, Report& report) {
  // Documented form: {"actions": [...]}; a bare array means the same thing.
  Json actions;
  std::string actions_path = path;
  if (parameter_value.is_object()) {
    actions = parameter_value.contains("actions") ? parameter_value["actions"] : Json();
    actions_path = pointer_append(path, "actions");
  } else {
    actions = parameter_value;
  }
  if (actions.is_null()) return;
  check_actions(actions, actions_path, report);
  data["actions"] = actions;
}

}  // namespace

ValidationResult validate_send_app_notification(std::string_view json_text) {
  Report report;
  const std::optional<Json> parsed = read_json(json_text, "", "the request", report);
  if (!parsed) return finish_validation(report, std::nullopt);
  if (!parsed->is_object()) {
    report.error("json.not_object", "",
                 "the request must be a JSON object such as {\"Title\": \"...\", \"Recipient\": "
                 "\"/systemusers(<guid>)\"}, not " +
                     json_type_name(*parsed) + ".");
    return finish_validation(report, std::nullopt);
  }
  const Json root = without_annotations(*parsed);
  for (const auto& [key, value] : root.items()) {
    if (std::find(kParameters.begin(), kParameters.end(), key) != kParameters.end()) continue;
    std::string message = "SendAppNotification has no parameter \"" + key + "\"";
    if (std::optional<std::string> near = closest_name(key, kParameters)) {
      message += "; did you mean \"" + *near + "\"?";
    } else {
      message += "; its parameters are " + join_words(kParameters, "and") + ".";
    }
    report.error("field.unknown", pointer_append("", key), message);
  }

  Notification n;
  n.title = check_title(parameter(root, "Title"), report).value_or("");
  n.owner_id = check_recipient(parameter(root, "Recipient"), report).value_or("");
  n.body = check_body(parameter(root, "Body"), report);
  n.icon_type = check_icon_type(parameter(root, "IconType"), report).value_or(IconType::Info);
  n.toast_type = check_toast_type(parameter(root, "ToastType"), report).value_or(ToastType::Timed);
  n.priority = check_priority(parameter(root, "Priority"), report).value_or(Priority::Normal);
  n.ttl_seconds = check_ttl(parameter(root, "Expiry"), report);

  Json data = Json::object();
  const FieldRef content = parameter(root, "OverrideContent");
  if (content.value != nullptr && !content.value->is_null()) {
    check_override_content(*content.value, content.path, n.icon_type, data, report);
  } else if (n.icon_type == IconType::Custom) {
    check_icon_url(Json::object(), "/OverrideContent/iconUrl", n.icon_type, report);
  }
  const FieldRef actions = parameter(root, "Actions");
  if (actions.value != nullptr && !actions.value->is_null()) {
    check_actions_parameter(*actions.value, actions.path, data, report);
  }
  if (!data.empty()) {
    n.data = finish_data(data, content.value != nullptr ? content.path : actions.path,
                         "OverrideContent and Actions together", report);
  }
  return finish_validation(report, std::move(n));
}

}  // namespace appnotify
