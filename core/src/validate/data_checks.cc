#include "validate/data_checks.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "appnotify/url_policy.h"
#include "validate/fields.h"
#include "validate/json_reader.h"
#include "validate/text.h"

namespace appnotify {
namespace {

const std::vector<std::string> kDataKeys = {"title", "body", "iconUrl", "actions"};

std::string lowercase_trimmed(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Reads a value that must be one of `names`, accepting a different case or stray spaces with a
// warning (the sender's meaning is unambiguous) and rewriting it to the exact name.
std::optional<std::string> settle_name(Json& value, const std::string& path, const std::string& field,
                                       const std::vector<std::string>& names, const std::string& error_code,
                                       const std::string& warning_code, Report& report) {
  if (!value.is_string()) {
    report.error("field.type", path, field + " must be a string: " + join_words(names, "or") + ".");
    return std::nullopt;
  }
  const std::string given = value.get<std::string>();
  if (std::find(names.begin(), names.end(), given) != names.end()) return given;
  for (const std::string& name : names) {
    if (lowercase_trimmed(given) == lowercase_trimmed(name) && !is_blank(given)) {
      std::string how;
      if (!given.empty() && std::isspace(static_cast<unsigned char>(given.front()))) how = "a leading space";
      if (!given.empty() && std::isspace(static_cast<unsigned char>(given.back()))) {
        how += how.empty() ? "a trailing space" : " and a trailing space";
      }
      if (how.empty()) how = "a different letter case";
      report.warn(warning_code, path, field + " " + in_quotes(given) + " has " + how + "; read as \"" + name + "\".");
      value = name;
      return name;
    }
  }
  std::string message = field + " " + in_quotes(given) + " is not one of " + join_words(names, "or");
  if (std::optional<std::string> near = closest_name(given, names)) message += "; did you mean \"" + *near + "\"?";
  report.error(error_code, path, message + (message.back() == '?' ? "" : "."));
  return std::nullopt;
}

void check_link_url(const Json& action_data, const std::string& path, Report& report) {
  const FieldRef field{action_data.contains("url") ? &action_data["url"] : nullptr, pointer_append(path, "url"), "url"};
  if (field.value == nullptr || field.value->is_null()) {
    report.error("field.required", field.path,
                 "url is required: an app-relative URL such as \"?pagetype=entitylist&etn=account\" or an "
                 "https:// address.");
    return;
  }
  if (!field.value->is_string()) {
    report.error("field.type", field.path, "url must be a string, not " + json_type_name(*field.value) + ".");
    return;
  }
  const UrlVerdict verdict = classify_url(field.value->get<std::string>());
  if (verdict.kind == UrlKind::Empty) {
    report.error("field.empty", field.path, "url is empty: give the address the action opens.");
  } else if (!is_allowed_link(verdict)) {
    report.error("url.not_allowed", field.path,
                 "url uses the \"" + verdict.scheme +
                     ":\" scheme, which an action may not open; use http, https, mailto, tel or an app-relative "
                     "URL such as \"?pagetype=entityrecord&etn=account&id=...\".");
  } else if (!has_valid_host(verdict)) {
    report.error("url.invalid", field.path,
                 "url " + in_quotes(verdict.cleaned) + " has no valid host name; write it as https://host/path.");
  }
}

void check_teams_chat(const Json& action_data, const std::string& path, Report& report) {
  const bool nested = action_data.contains("context") && action_data["context"].is_object();
  const Json& target = nested ? action_data["context"] : action_data;
  const std::string target_path = nested ? pointer_append(path, "context") : path;
  const bool has_chat = target.contains("chatId") && target["chatId"].is_string() &&
                        !is_blank(target["chatId"].get_ref<const std::string&>());
  if (target.contains("memberIds") && target["memberIds"].is_array() && !target["memberIds"].empty()) {
    const Json& members = target["memberIds"];
    for (std::size_t i = 0; i < members.size(); ++i) {
      check_guid({&members[i], pointer_append(pointer_append(target_path, "memberIds"), i), "memberIds entry"}, report);
    }
    return;
  }
  if (!has_chat) {
    report.error("action.teams_chat_target", target_path,
                 "a teamsChat action needs chatId (an existing chat) or memberIds (user GUIDs for a new chat).");
  }
}

void check_action(Json& action, const std::string& path, Report& report) {
  if (!action.is_object()) {
    report.error("field.type", path,
                 "each action must be an object such as {\"title\": \"Open\", \"data\": {\"url\": \"...\"}}, not " +
                     json_type_name(action) + ".");
    return;
  }
  const FieldRef title{action.contains("title") ? &action["title"] : nullptr, pointer_append(path, "title"),
                       "action title"};
  if (title.value == nullptr || title.value->is_null()) {
    report.error("field.required", title.path, "action title is required: the text of the action's button.");
  } else if (!title.value->is_string()) {
    report.error("field.type", title.path, "action title must be a string, not " + json_type_name(*title.value) + ".");
  } else if (is_blank(title.value->get_ref<const std::string&>())) {
    report.error("field.empty", title.path, "action title is empty: give the text of the action's button.");
  }

  const std::string data_path = pointer_append(path, "data");
  if (!action.contains("data") || action["data"].is_null()) {
    if (action.contains("url")) {
      report.error("action.url_misplaced", pointer_append(path, "url"),
                   "url belongs inside the action's data: {\"title\": ..., \"data\": {\"url\": ...}}.");
    } else {
      report.error("field.required", data_path, "action data is required: {\"url\": \"...\"} says what it opens.");
    }
    return;
  }
  Json& data = action["data"];
  if (!data.is_object()) {
    report.error("field.type", data_path, "action data must be an object, not " + json_type_name(data) + ".");
    return;
  }

  std::string type = "url";
  if (data.contains("type") && !data["type"].is_null()) {
    const std::optional<std::string> settled =
        settle_name(data["type"], pointer_append(data_path, "type"), "type", {"url", "sidepane", "teamsChat"},
                    "action.unknown_type", "action.type_normalized", report);
    if (!settled) return;
    type = *settled;
  }

  const std::string target_path = pointer_append(data_path, "navigationTarget");
  const bool has_target = data.contains("navigationTarget") && !data["navigationTarget"].is_null();
  if (type == "url") {
    check_link_url(data, data_path, report);
    if (has_target) {
      settle_name(data["navigationTarget"], target_path, "navigationTarget", {"inline", "dialog", "newWindow"},
                  "navigation_target.invalid", "navigation_target.normalized", report);
    }
  } else if (type == "sidepane") {
    if (!has_target) {
      report.error("field.required", target_path,
                   "a sidepane action needs navigationTarget, the page to open: {\"pageType\": \"entitylist\", "
                   "\"entityName\": \"account\"}.");
    } else if (!data["navigationTarget"].is_object()) {
      report.error("field.type", target_path,
                   "navigationTarget of a sidepane action must be a page input object such as {\"pageType\": "
                   "\"entitylist\", \"entityName\": \"account\"}.");
    }
    if (data.contains("paneOptions") && !data["paneOptions"].is_object() && !data["paneOptions"].is_null()) {
      report.error("field.type", pointer_append(data_path, "paneOptions"),
                   "paneOptions must be an object such as {\"title\": \"Accounts\", \"width\": 400}.");
    }
  } else {
    check_teams_chat(data, data_path, report);
  }
}

}  // namespace

void check_markdown(const Json& object, const std::string& key, const std::string& path, Report& report) {
  if (!object.contains(key) || object[key].is_null()) return;
  if (!object[key].is_string()) {
    report.error("field.type", path, key + " must be a string of markdown, not " + json_type_name(object[key]) + ".");
  }
}

void check_icon_url(const Json& object, const std::string& path, IconType icon_type, Report& report) {
  const bool present = object.contains("iconUrl") && !object["iconUrl"].is_null();
  const std::string custom = std::to_string(static_cast<std::int32_t>(IconType::Custom)) + " (Custom)";
  if (!present) {
    if (icon_type == IconType::Custom) {
      report.warn("icon_url.missing", path,
                  "icontype is " + custom + " but data has no iconUrl; the Info icon is shown instead.");
    }
    return;
  }
  const Json& value = object["iconUrl"];
  if (!value.is_string()) {
    report.error("field.type", path, "iconUrl must be a string, not " + json_type_name(value) + ".");
    return;
  }
  const UrlVerdict verdict = classify_url(value.get<std::string>());
  if (verdict.kind == UrlKind::Empty) {
    report.error("field.empty", path, "iconUrl is empty: give the address of an SVG or PNG image, or leave it out.");
    return;
  }
  if (!is_allowed_image(verdict) || !has_valid_host(verdict)) {
    report.error("url.not_allowed", path,
                 "iconUrl must be app-relative (such as \"/WebResources/x.svg\") or https://; got " +
                     in_quotes(verdict.cleaned) + ".");
    return;
  }
  if (icon_type != IconType::Custom) {
    report.warn("icon_url.without_custom", path,
                "iconUrl is only shown when icontype is " + custom + "; icontype is " +
                    std::to_string(static_cast<std::int32_t>(icon_type)) + " (" + std::string(name_of(icon_type)) +
                    "), so its icon is shown instead.");
  }
}

void check_actions(Json& actions, const std::string& path, Report& report) {
  if (actions.is_null()) return;
  if (!actions.is_array()) {
    report.error("field.type", path,
                 "actions must be an array of actions, not " + json_type_name(actions) +
                     "; write [ {\"title\": ..., \"data\": {\"url\": ...}} ].");
    return;
  }
  for (std::size_t i = 0; i < actions.size(); ++i) check_action(actions[i], pointer_append(path, i), report);
}

std::optional<std::string> finish_data(const Json& data, const std::string& path, const std::string& name,
                                       Report& report) {
  std::string text = dump_compact(data);
  const std::size_t length = utf16_length(text);
  if (length > kDataMaxLength) {
    report.error("field.too_long", path,
                 name + " come to " + std::to_string(length) + " characters as JSON; the limit is " +
                     std::to_string(kDataMaxLength) + ".");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> check_data_column(const Json* value, const std::string& path, IconType icon_type,
                                             Report& report) {
  if (value == nullptr || value->is_null()) return std::nullopt;
  const std::size_t errors_before = report.error_count();
  std::optional<Json> data;
  if (value->is_object()) {
    report.warn("data.object_serialized", path,
                "data is an object; the column holds a JSON string, so it was serialized (JSON.stringify) for you.");
    data = *value;
    if (!finish_data(*data, path, "data", report)) return std::nullopt;
  } else if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    if (is_blank(text)) return std::nullopt;
    const std::size_t length = utf16_length(text);
    if (length > kDataMaxLength) {
      report.error("field.too_long", path,
                   "data is " + std::to_string(length) + " characters long; the limit is " +
                       std::to_string(kDataMaxLength) + ".");
      return std::nullopt;
    }
    data = read_json(text, path, "data", report);
    if (!data) return std::nullopt;
  } else {
    report.error("field.type", path,
                 "data must be a string of JSON (JSON.stringify({...})), not " + json_type_name(*value) + ".");
    return std::nullopt;
  }
  if (!data->is_object()) {
    report.error("data.not_object", path,
                 "data must hold a JSON object such as {\"body\": \"...\", \"actions\": [...]}, not " +
                     json_type_name(*data) + ".");
    return std::nullopt;
  }

  for (auto& [key, item] : data->items()) {
    const std::string key_path = pointer_append(path, key);
    if (std::find(kDataKeys.begin(), kDataKeys.end(), key) != kDataKeys.end()) continue;
    if (key == "data" && item.is_object()) {
      std::vector<std::string> inner;
      for (auto& [inner_key, inner_value] : item.items()) inner.push_back(inner_key);
      report.warn("data.nested_data", key_path,
                  "data holds another \"data\" object, one level too deep: its keys (" + join_words(inner, "and") +
                      ") belong directly in data, as in {\"iconUrl\": \"...\"}.");
      continue;
    }
    std::string message = "data has an unknown key \"" + key + "\", which is kept but not shown";
    if (std::optional<std::string> near = closest_name(key, kDataKeys)) message += "; did you mean \"" + *near + "\"?";
    report.warn("data.unknown_key", key_path, message + (message.back() == '?' ? "" : "."));
  }
  check_markdown(*data, "title", pointer_append(path, "title"), report);
  check_markdown(*data, "body", pointer_append(path, "body"), report);
  check_icon_url(*data, pointer_append(path, "iconUrl"), icon_type, report);
  if (data->contains("actions")) check_actions((*data)["actions"], pointer_append(path, "actions"), report);

  if (report.error_count() != errors_before) return std::nullopt;
  return dump_compact(*data);
}

}  // namespace appnotify
