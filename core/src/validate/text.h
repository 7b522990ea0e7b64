// Internal: small text helpers shared by the validators.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace appnotify {

// Length as JavaScript and Dataverse count it: UTF-16 code units of valid UTF-8 text.
std::size_t utf16_length(std::string_view utf8);

// 1-based line and column (in code points) of a byte offset, for messages.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);
std::string describe_position(std::string_view text, std::size_t offset);  // "line 2, column 7"

// Quotes a value for a message, shortened to a readable length: "abc" or "abcdef…".
std::string in_quotes(std::string_view value, std::size_t max_code_points = 60);

// The closest candidate to `name` (same letters in another case, or at most two edits away),
// or nullopt when none is close: for "did you mean" hints.
std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates);

// "a, b or c" / "a, b and c".
std::string join_words(const std::vector<std::string>& words, std::string_view last_separator);

bool is_blank(std::string_view text);

}  // namespace appnotify
