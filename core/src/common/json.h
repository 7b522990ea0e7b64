// Internal: the JSON value type of the core. ordered_json keeps the sender's key order, so a
// normalized `data` reads like what was sent.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace appnotify {

using Json = nlohmann::ordered_json;

// Compact text; never throws (the core is built without exceptions for wasm): text that is not
// UTF-8, which the reader never lets through, would be written with U+FFFD.
inline std::string dump_compact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

struct Notification;
// The record as a JSON object (see to_json(const Notification&)).
Json to_json_value(const Notification& notification);

}  // namespace appnotify
