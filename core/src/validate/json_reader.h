// Internal: reads JSON text and, when it is not JSON, says where and why in words a sender can act on.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "validate/report.h"

namespace appnotify {

// Parses `text` (the whole payload, or the string held by a `data` column).
// `base_path` is the JSON pointer of the text within the input ("" or "/data"); `subject` names it
// in messages ("the payload", "data").
//
// On a syntax error it reports json.* errors with the line, the column and the field being read.
// When the cause is single quotes or comments it reports that and keeps reading a repaired copy, so
// the problems behind it are found in the same round; the value returned then comes from the
// repaired text (and the errors already make the result invalid). Duplicate keys are errors.
std::optional<Json> read_json(std::string_view text, const std::string& base_path, const std::string& subject,
                              Report& report);

}  // namespace appnotify
