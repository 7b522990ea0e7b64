// Internal: HTML character references as a browser decodes them.
#pragma once

#include <string>
#include <string_view>

namespace appnotify {

// Appends the UTF-8 of one reference ("&amp;", "&#39;", "&#x1F514;"). Numeric references to
// U+0000, surrogates or past U+10FFFF give U+FFFD; an unknown name is appended verbatim. Answers
// false (and appends the reference verbatim) only for "&" + letters and digits + ";" that could not
// be looked up: the build has no table, and no resolver is set (appnotify/html_entities.h).
bool append_decoded_entity(std::string& out, std::string_view entity);

void append_utf8(std::string& out, unsigned code_point);

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

}  // namespace appnotify
