// The JSON vocabulary of the center engine to and from its wire protocol, line for line what
// web/src/wasm/engine.js writes and reads (JavaScript's template strings included: a missing field
// writes "undefined", null writes nothing after ??).
#include "appnotify/center_json.h"

#include <cmath>
#include <vector>

#include "appnotify/defaults.h"
#include "common/json.h"

namespace appnotify {
namespace {

// A field as JavaScript's String(value) writes it (null and a missing field as `missing`).
std::string js_string(const Json* value, const char* missing = "") {
  if (value == nullptr || value->is_null()) return missing;
  if (value->is_string()) return value->get<std::string>();
  if (value->is_boolean()) return value->get<bool>() ? "true" : "false";
  if (value->is_number_integer() || value->is_number_unsigned()) return value->dump();
  if (value->is_number_float()) {
    const double number = value->get<double>();
    if (std::isnan(number)) return "NaN";
    if (number == std::trunc(number) && std::fabs(number) < 9e18) return std::to_string(static_cast<long long>(number));
    return value->dump();
  }
  if (value->is_array()) {
    std::string out;
    for (std::size_t i = 0; i < value->size(); ++i) out += (i ? "," : "") + js_string(&(*value)[i]);
    return out;
  }
  return "[object Object]";
}

const Json* field(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

// Math.trunc(value) as text: numbers truncated, anything else NaN (the page only sends numbers).
std::string truncated(const Json* value) {
  if (value == nullptr || !value->is_number()) return "NaN";
  if (!value->is_number_float()) return value->dump();
  const double number = std::trunc(value->get<double>());
  if (std::fabs(number) < 9e18) return std::to_string(static_cast<long long>(number));
  return value->dump();  // as JavaScript writes a number this large (1e+300)
}

// Ids and times travel space-, tab- and newline-separated, so they must hold none of those.
bool safe(const Json* value) {
  if (value == nullptr || !value->is_string()) return false;
  const std::string& text = value->get_ref<const std::string&>();
  return !text.empty() && text.size() <= 200 && text.find_first_of(" \t\n") == std::string::npos;
}

std::string ids(const Json* list) {
  std::string out;
  if (list == nullptr || !list->is_array()) return out;
  for (const Json& id : *list) {
    if (safe(&id)) out += (out.empty() ? "" : " ") + id.get<std::string>();
  }
  return out;
}

// "<id>\t<created>\t<priority>\t<toasttype>\t<ttl>", or "" for a record without an id or a time.
std::string entry_fields(const Json& record) {
  const Json* id = field(record, "appnotificationid");
  if (id == nullptr || id->is_null()) id = field(record, "id");
  const Json* created_ms = field(record, "createdMs");
  std::string created;
  if (created_ms != nullptr && created_ms->is_number()) {
    created = truncated(created_ms);
  } else if (safe(field(record, "createdon"))) {
    created = field(record, "createdon")->get<std::string>();
  }
  if (!safe(id) || created.empty()) return "";
  const Json* ttl = field(record, "ttlinseconds");
  const bool integer = ttl != nullptr && ttl->is_number() &&
                       (!ttl->is_number_float() || ttl->get<double>() == std::trunc(ttl->get<double>()));
  return id->get<std::string>() + '\t' + created + '\t' + js_string(field(record, "priority")) + '\t' +
         js_string(field(record, "toasttype")) + '\t' + (integer ? js_string(ttl) : "");
}

std::string event_line(const Json& event) {
  const Json* type = field(event, "type");
  if (type == nullptr || !type->is_string()) return "";
  const std::string& kind = type->get_ref<const std::string&>();
  const auto text = [&](const char* name) { return js_string(field(event, name), "undefined"); };
  const auto optional = [&](const char* name) { return js_string(field(event, name)); };
  if (kind == "serverList") {
    std::string items;
    std::size_t count = 0;
    const Json* list = field(event, "items");
    if (list != nullptr && list->is_array()) {
      for (const Json& record : *list) {
        const std::string fields = entry_fields(record);
        if (fields.empty()) continue;
        items += "\nitem\t" + fields;
        ++count;
      }
    }
    return "serverList\t" + truncated(field(event, "serverNow")) + '\t' + std::to_string(count) + items;
  }
  if (kind == "serverCreated") {
    const Json* item = field(event, "item");
    const std::string fields = item != nullptr ? entry_fields(*item) : "";
    return fields.empty() ? "" : "serverCreated\t" + fields;
  }
  if (kind == "serverDeleted" || kind == "dismiss") return kind + '\t' + text("id");
  if (kind == "serverTime") return "serverTime\t" + truncated(field(event, "serverNow"));
  if (kind == "restore") {
    return "restore\t" + optional("lastOpened") + '\t' + ids(field(event, "seen")) + '\t' +
           ids(field(event, "pending"));
  }
  if (kind == "markSeen") return "markSeen\t" + ids(field(event, "ids"));
  if (kind == "openCenter" || kind == "closeCenter" || kind == "dismissAll" || kind == "pageHide") return kind;
  if (kind == "closeToast" || kind == "hoverToast" || kind == "unhoverToast") return kind + '\t' + optional("id");
  if (kind == "settings") {
    const Json* enabled = field(event, "toastsEnabled");
    const Json* here = field(event, "here");
    const Json* duration = field(event, "toastDurationMs");
    const Json fallback = kDefaultToastMs;
    const bool off = enabled != nullptr && enabled->is_boolean() && !enabled->get<bool>();
    const bool away = here != nullptr && here->is_boolean() && !here->get<bool>();
    return std::string("settings\t") + (off ? "0" : "1") + '\t' +
           truncated(duration != nullptr && !duration->is_null() ? duration : &fallback) + '\t' + (away ? "0" : "1");
  }
  if (kind == "deleteResult") return "deleteResult\t" + text("id") + '\t' + text("outcome");
  return "";
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
    if (end == std::string_view::npos) return parts;
    begin = end + 1;
  }
}

Json id_list(std::string_view field_text) {
  Json out = Json::array();
  if (field_text.empty()) return out;
  for (std::string_view id : split(field_text, ' ')) out.push_back(std::string(id));
  return out;
}

// Number(text) for the integers the engine writes.
Json number(std::string_view text) { return Json::parse(text, nullptr, false, true); }

}  // namespace

std::string center_events_to_wire(std::string_view events_json) {
  const Json events = Json::parse(events_json, nullptr, false);
  std::string out;
  if (!events.is_array()) return out;
  for (const Json& event : events) {
    const std::string line = event_line(event);
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

std::string center_state_to_json(std::string_view wire) {
  Json state = {{"center", nullptr},        {"badge", 0},
                {"toasts", Json::array()},  {"more", nullptr},
                {"deletes", Json::array()}, {"persist", Json::object()},
                {"nextDeadline", nullptr}};
  for (std::string_view line : split(wire, '\n')) {
    std::vector<std::string_view> f = split(line, '\t');
    f.resize(4);
    const std::string_view kind = f[0];
    if (kind == "center") state["center"] = {{"version", number(f[1])}, {"ids", id_list(f[2])}};
    if (kind == "badge") state["badge"] = number(f[1]);
    if (kind == "toast") {
      state["toasts"].push_back({{"id", std::string(f[1])}, {"remainingMs", number(f[2])}, {"paused", f[3] == "1"}});
    }
    if (kind == "more")
      state["more"] = {{"count", number(f[1])}, {"remainingMs", number(f[2])}, {"paused", f[3] == "1"}};
    if (kind == "delete") state["deletes"].push_back({{"id", std::string(f[1])}, {"attempt", number(f[2])}});
    if (kind == "seen" || kind == "pending" || kind == "unseen") state["persist"][std::string(kind)] = id_list(f[1]);
    if (kind == "lastOpened") state["persist"]["lastOpened"] = number(f[1]);
    if (kind == "deadline") state["nextDeadline"] = f[1].empty() ? Json(nullptr) : number(f[1]);
  }
  return dump_compact(state);
}

}  // namespace appnotify
