#include "odata/records_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "appnotify/timestamp.h"

namespace appnotify::server {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

std::string etag_of(const StoredNotification& record) { return "W/\"" + std::to_string(record.version) + "\""; }

namespace {

// JSON string literal of UTF-8 text (the store holds only text the validator accepted).
void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  void key(const char* name) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += name;
    out_ += "\":";
  }
  void text(const char* name, std::string_view value) {
    key(name);
    append_string(out_, value);
  }
  void optional_text(const char* name, const std::optional<std::string>& value) {
    key(name);
    if (value) {
      append_string(out_, *value);
    } else {
      out_ += "null";
    }
  }
  void number(const char* name, std::int64_t value) {
    key(name);
    out_ += std::to_string(value);
  }
  void close() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace

// Written by hand rather than through a JSON tree: a poll writes 50 of these, many thousand times
// a second.
std::string record_json(const StoredNotification& n, const std::vector<std::string>& select,
                        const std::string& context) {
  const auto wanted = [&](const char* column) {
    return select.empty() || std::find(select.begin(), select.end(), column) != select.end();
  };
  std::string out;
  out.reserve(512 + (n.data ? n.data->size() : 0));
  ObjectWriter w(out);
  if (!context.empty()) w.text("@odata.context", context);
  w.text("@odata.etag", etag_of(n));
  w.text("appnotificationid", n.id);
  if (wanted("title")) w.text("title", n.title);
  if (wanted("body")) w.optional_text("body", n.body);
  if (wanted("icontype")) w.number("icontype", n.icontype);
  if (wanted("toasttype")) w.number("toasttype", n.toasttype);
  if (wanted("priority")) w.number("priority", n.priority);
  // A row stored before lifetimes were settled at create holds none: its lifetime is still exact.
  if (wanted("ttlinseconds")) w.number("ttlinseconds", n.ttl_seconds.value_or((n.expires_ms - n.created_ms) / 1000));
  if (wanted("data")) w.optional_text("data", n.data);
  if (wanted("createdon")) w.text("createdon", format_timestamp(n.created_ms));
  if (wanted("modifiedon")) w.text("modifiedon", format_timestamp(n.modified_ms));
  if (wanted("_ownerid_value")) w.text("_ownerid_value", n.owner);
  if (wanted("_createdby_value")) w.text("_createdby_value", n.created_by);
  w.close();
  return out;
}

std::string record_as_payload(const StoredNotification& n) {
  Json out = Json::object();
  out["title"] = n.title;
  if (n.body) out["body"] = *n.body;
  out["owner"] = n.owner;
  out["icontype"] = n.icontype;
  out["toasttype"] = n.toasttype;
  out["priority"] = n.priority;
  if (n.ttl_seconds) out["ttlinseconds"] = *n.ttl_seconds;
  if (n.data) out["data"] = *n.data;
  return dump(out);
}

}  // namespace appnotify::server
