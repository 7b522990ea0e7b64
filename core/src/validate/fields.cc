#include "validate/fields.h"

#include <vector>

#include "appnotify/guid.h"
#include "validate/text.h"

namespace appnotify {
namespace {

std::string describe(const Json& value) {
  if (value.is_string()) return in_quotes(value.get_ref<const std::string&>());
  return dump_compact(value).substr(0, 60);
}

void report_type(const FieldRef& field, const std::string& expected, Report& report) {
  std::string message = field.name + " must be " + expected + ", not " + json_type_name(*field.value);
  if (field.value->is_string() && expected.find("number") != std::string::npos) {
    message += " (write the number without quotes)";
  }
  report.error("field.type", field.path, message + ".");
}

std::optional<std::string> check_text(const FieldRef& field, bool required, std::size_t max_length, Report& report) {
  const std::string limits = "1 to " + std::to_string(max_length) + " characters";
  if (field.value == nullptr || field.value->is_null()) {
    if (required) report.error("field.required", field.path, field.name + " is required: give it " + limits + ".");
    return std::nullopt;
  }
  if (!field.value->is_string()) {
    report_type(field, "a string", report);
    return std::nullopt;
  }
  const std::string& text = field.value->get_ref<const std::string&>();
  if (required && is_blank(text)) {
    report.error("field.empty", field.path,
                 field.name + " is " + (text.empty() ? "empty" : "blank") + ": give it " + limits + ".");
    return std::nullopt;
  }
  const std::size_t length = utf16_length(text);
  if (length > max_length) {
    report.error("field.too_long", field.path,
                 field.name + " is " + std::to_string(length) + " characters long; the limit is " +
                     std::to_string(max_length) + ".");
    return std::nullopt;
  }
  return text;
}

// An integer option value, or nullopt (reported) when the JSON value is not a whole number.
std::optional<std::int64_t> whole_number(const FieldRef& field, const std::string& expected, Report& report) {
  if (field.value->is_number_integer()) {
    if (field.value->is_number_unsigned() && field.value->get<std::uint64_t>() > INT64_MAX) return INT64_MAX;
    return field.value->get<std::int64_t>();
  }
  if (field.value->is_number_float()) {
    const double number = field.value->get<double>();
    if (number > 9.2e18 || number < -9.2e18) return number < 0 ? INT64_MIN : INT64_MAX;  // beyond every range
    if (number == static_cast<double>(static_cast<std::int64_t>(number))) return static_cast<std::int64_t>(number);
    report.error("field.type", field.path,
                 field.name + " must be a whole number, not " + describe(*field.value) + "; " + expected + ".");
    return std::nullopt;
  }
  report_type(field, "a number (" + expected + ")", report);
  return std::nullopt;
}

template <typename Enum>
std::optional<Enum> check_option(const FieldRef& field, const std::vector<Enum>& values,
                                 std::optional<Enum> (*from_value)(std::int64_t), Report& report) {
  if (field.value == nullptr || field.value->is_null()) return std::nullopt;
  std::vector<std::string> choices;
  for (Enum value : values) {
    choices.push_back(std::to_string(static_cast<std::int32_t>(value)) + " (" + std::string(name_of(value)) + ")");
  }
  const std::string expected = "use " + join_words(choices, "or");
  const std::optional<std::int64_t> number = whole_number(field, expected, report);
  if (!number) return std::nullopt;
  const std::optional<Enum> value = from_value(*number);
  if (!value) {
    report.error("field.invalid_option", field.path,
                 field.name + " " + std::to_string(*number) + " is not one of its values; " + expected + ".");
  }
  return value;
}

}  // namespace

std::string json_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    default: return "an unexpected value";
  }
}

std::optional<std::string> check_title(const FieldRef& field, Report& report) {
  return check_text(field, true, kTitleMaxLength, report);
}

std::optional<std::string> check_body(const FieldRef& field, Report& report) {
  return check_text(field, false, kBodyMaxLength, report);
}

std::optional<std::string> check_guid(const FieldRef& field, Report& report) {
  if (field.value == nullptr || field.value->is_null()) return std::nullopt;
  if (!field.value->is_string()) {
    report_type(field, "a GUID string", report);
    return std::nullopt;
  }
  const std::string& text = field.value->get_ref<const std::string&>();
  std::optional<std::string> guid = parse_guid(text);
  if (!guid) {
    report.error(
        "field.invalid_guid", field.path,
        field.name + " must be a GUID such as " + std::string(kExampleGuid) + "; got " + in_quotes(text) + ".");
  } else if (*guid == kNilGuid) {
    report.error("field.invalid_guid", field.path,
                 field.name + " is the nil GUID, which names no one; give a real one.");
    guid.reset();
  }
  return guid;
}

std::optional<std::string> check_owner_bind(const FieldRef& field, Report& report) {
  if (field.value == nullptr || field.value->is_null()) return std::nullopt;
  if (!field.value->is_string()) {
    report_type(field, "a string such as \"/systemusers(" + std::string(kExampleGuid) + ")\"", report);
    return std::nullopt;
  }
  const std::string& text = field.value->get_ref<const std::string&>();
  const std::size_t open = text.rfind('(');
  const std::size_t slash = text.rfind('/', open);
  const std::string entity_set =
      open == std::string::npos ? "" : text.substr(slash == std::string::npos ? 0 : slash + 1, open - (slash + 1));
  if (entity_set == "teams") {
    report.error("owner.team_not_supported", field.path,
                 field.name +
                     " names a team; a notification goes to one user (/systemusers(<guid>)): send one per "
                     "member instead.");
    return std::nullopt;
  }
  const bool well_formed = open != std::string::npos && text.back() == ')' && entity_set == "systemusers";
  const std::optional<std::string> guid =
      well_formed ? parse_guid(std::string_view(text).substr(open + 1, text.size() - open - 2)) : std::nullopt;
  if (!guid || *guid == kNilGuid) {
    report.error("owner.invalid_bind", field.path,
                 field.name + " must name a user as \"/systemusers(" + std::string(kExampleGuid) + ")\"; got " +
                     in_quotes(text) + ".");
    return std::nullopt;
  }
  return guid;
}

std::optional<IconType> check_icon_type(const FieldRef& field, Report& report) {
  return check_option<IconType>(
      field,
      {IconType::Info, IconType::Success, IconType::Failure, IconType::Warning, IconType::Mention, IconType::Custom},
      icon_type_from_value, report);
}

std::optional<ToastType> check_toast_type(const FieldRef& field, Report& report) {
  return check_option<ToastType>(field, {ToastType::Timed, ToastType::Hidden}, toast_type_from_value, report);
}

std::optional<Priority> check_priority(const FieldRef& field, Report& report) {
  return check_option<Priority>(field, {Priority::Normal, Priority::High}, priority_from_value, report);
}

std::optional<std::int64_t> check_ttl(const FieldRef& field, Report& report) {
  if (field.value == nullptr || field.value->is_null()) return std::nullopt;
  const std::string range = "from " + std::to_string(kTtlMin) + " to " + std::to_string(kTtlMax) + " seconds";
  const std::optional<std::int64_t> seconds = whole_number(field, "give " + range, report);
  if (!seconds) return std::nullopt;
  if (*seconds < kTtlMin || *seconds > kTtlMax) {
    report.error("field.out_of_range", field.path,
                 field.name + " must be " + range + " (leave it out for the server's default); got " +
                     describe(*field.value) + ".");
    return std::nullopt;
  }
  return seconds;
}

}  // namespace appnotify
