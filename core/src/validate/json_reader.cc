#include "validate/json_reader.h"

#include <cctype>
#include <unordered_set>
#include <vector>

#include "validate/text.h"

namespace appnotify {
namespace {

struct SyntaxFailure {
  std::size_t offset = 0;  // byte offset of the character the parser stopped at
  std::string reason;      // nlohmann's explanation, without its prefix
  std::string last_token;  // what the parser had read of the current token
  std::string path;        // JSON pointer of the value being read
};

struct Scan {
  std::optional<SyntaxFailure> failure;
  std::vector<std::string> duplicate_keys;  // JSON pointers of keys seen twice in one object
  bool too_deep = false;
};

// Notification payloads nest a handful of levels; anything deeper is refused before it costs.
constexpr std::size_t kMaxDepth = 64;

// A SAX pass that only tracks where it is, so a syntax error can name the field being read.
class TrackingSax : public nlohmann::json_sax<Json> {
 public:
  Scan scan;

  bool null() override { return value_done(); }
  bool boolean(bool) override { return value_done(); }
  bool number_integer(number_integer_t) override { return value_done(); }
  bool number_unsigned(number_unsigned_t) override { return value_done(); }
  bool number_float(number_float_t, const string_t&) override { return value_done(); }
  bool string(string_t&) override { return value_done(); }
  bool binary(binary_t&) override { return value_done(); }
  bool start_object(std::size_t) override { return open(false); }
  bool key(string_t& key) override {
    Frame& frame = frames_.back();
    frame.key = key;
    frame.has_key = true;
    if (!frame.seen.insert(key).second) scan.duplicate_keys.push_back(current_path());
    return true;
  }
  bool end_object() override { return end_container(); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_array() override { return end_container(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) override {
    SyntaxFailure failure;
    failure.offset = position > 0 ? position - 1 : 0;
    failure.reason = error.what();
    const std::size_t dash = failure.reason.find(" - ");
    if (dash != std::string::npos) failure.reason.erase(0, dash + 3);
    failure.last_token = last_token;
    failure.path = current_path();
    scan.failure = std::move(failure);
    return false;
  }

 private:
  struct Frame {
    bool array;
    std::size_t index;
    std::string key;
    bool has_key;
    std::unordered_set<std::string> seen;
  };

  bool open(bool array) {
    if (frames_.size() >= kMaxDepth) {
      scan.too_deep = true;
      return false;  // stops the parse
    }
    frames_.push_back({array, 0, {}, false, {}});
    return true;
  }

  bool value_done() {
    if (!frames_.empty()) {
      Frame& frame = frames_.back();
      if (frame.array) {
        ++frame.index;
      } else {
        frame.has_key = false;
      }
    }
    return true;
  }
  bool end_container() {
    frames_.pop_back();
    return value_done();
  }
  std::string current_path() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.array) {
        path += '/' + std::to_string(frame.index);
      } else if (frame.has_key) {
        path = pointer_append(path, frame.key);  // escapes ~ and /
      }
    }
    return path;
  }

  std::vector<Frame> frames_;
};

Scan scan_json(std::string_view text, bool ignore_comments) {
  TrackingSax sax;
  Json::sax_parse(text, &sax, nlohmann::detail::input_format_t::json, true, ignore_comments);
  return std::move(sax.scan);
}

// Offsets of the comments outside strings ("//" to the end of the line, "/* ... */").
std::vector<std::size_t> find_comments(std::string_view text) {
  std::vector<std::size_t> found;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
      found.push_back(i);
      const std::string_view end = text[i + 1] == '/' ? "\n" : "*/";
      const std::size_t close = text.find(end, i + 2);
      i = close == std::string_view::npos ? text.size() : close + end.size() - 1;
    }
  }
  return found;
}

// Rewrites 'single-quoted' strings as "double-quoted" ones, escaping what must be escaped, so
// the rest of a payload written with single quotes can still be checked.
std::string requote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  enum class State { Outside, Double, Single } state = State::Outside;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (state) {
      case State::Outside:
        if (c == '"') state = State::Double;
        if (c == '\'') {
          state = State::Single;
          out += '"';
        } else {
          out += c;
        }
        break;
      case State::Double:
        out += c;
        if (c == '\\' && i + 1 < text.size()) {
          out += text[++i];
        } else if (c == '"') {
          state = State::Outside;
        }
        break;
      case State::Single:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] == '\'') {
          out += '\'';
          ++i;
        } else if (c == '\\' && i + 1 < text.size()) {
          out += c;
          out += text[++i];
        } else if (c == '"') {
          out += "\\\"";
        } else if (c == '\'') {
          out += '"';
          state = State::Outside;
        } else {
          out += c;
        }
        break;
    }
  }
  return out;
}

bool starts_like_json_container(std::string_view token) {
  // The partial string token of a failure: a quote, then maybe spaces, then "{" or "[".
  std::size_t i = token.find('"');
  if (i == std::string_view::npos) return false;
  for (++i; i < token.size(); ++i) {
    const char c = token[i];
    if (c == '{' || c == '[') return true;
    if (c != ' ' && c != '\t') return false;
  }
  return false;
}

// The start of the bare word a failed literal belongs to ("title" in {title: 1}).
std::size_t word_start(std::string_view text, std::size_t offset) {
  while (offset > 0 && std::isalnum(static_cast<unsigned char>(text[offset - 1]))) --offset;
  return offset;
}

std::string word_at(std::string_view text, std::size_t begin) {
  std::size_t end = begin;
  while (end < text.size() && end - begin < 40 && !std::isspace(static_cast<unsigned char>(text[end])) &&
         std::string_view(",:}]").find(text[end]) == std::string_view::npos) {
    ++end;
  }
  return std::string(text.substr(begin, std::max<std::size_t>(end - begin, 1)));
}

bool previous_significant_is_comma(std::string_view text, std::size_t offset) {
  while (offset > 0) {
    const char c = text[--offset];
    if (!std::isspace(static_cast<unsigned char>(c))) return c == ',';
  }
  return false;
}

// Reports a failure that reading cannot go on from.
void report_failure(std::string_view text, const SyntaxFailure& failure, const std::string& base_path,
                    const std::string& subject, Report& report) {
  const std::string path = base_path + failure.path;
  const bool bare_word = failure.reason.find("invalid literal") != std::string::npos && failure.offset < text.size();
  const std::size_t at = bare_word ? word_start(text, failure.offset) : failure.offset;
  std::string where = describe_position(text, at);
  if (!failure.path.empty()) where += " (reading " + failure.path + ")";
  const std::string lead = subject + " is not valid JSON at " + where + ": ";
  const char c = failure.offset < text.size() ? text[failure.offset] : '\0';

  if (is_blank(text)) {
    report.error("json.syntax", path, subject + " is empty; send a JSON object such as {\"title\": \"...\"}.");
  } else if (failure.offset >= text.size()) {
    report.error("json.syntax", path, lead + "the text ends before the JSON does; a closing }, ] or \" is missing.");
  } else if (failure.reason.find("control character") != std::string::npos && (c == '\n' || c == '\r')) {
    std::string message = lead + "a string runs onto a new line; JSON strings stay on one line (write \\n).";
    if (starts_like_json_container(failure.last_token)) {
      message +=
          " This string looks like JSON written inside quotes across several lines: send the value as "
          "a JSON string made by JSON.stringify(...), or as an object.";
    }
    report.error("json.unescaped_line_break", path, message);
  } else if (failure.reason.find("control character") != std::string::npos) {
    report.error("json.syntax", path, lead + "a string holds a control character; escape it (\\t, \\u0001).");
  } else if (failure.reason.find("UTF-8") != std::string::npos) {
    report.error("json.invalid_utf8", path, lead + "the text is not valid UTF-8; send it encoded as UTF-8.");
  } else if ((c == '}' || c == ']') && previous_significant_is_comma(text, failure.offset)) {
    report.error("json.trailing_comma", path,
                 lead + "a comma stands before \"" + std::string(1, c) + "\"; JSON does not allow a trailing comma.");
  } else if (c == '<') {
    const std::size_t close = text.find('>', failure.offset);
    const std::size_t length = close == std::string_view::npos ? 40 : close - failure.offset + 1;
    report.error("json.syntax", path,
                 lead + "found " + in_quotes(text.substr(failure.offset, length)) +
                     ", which looks like a placeholder; replace it with a real value in double quotes.");
  } else if (bare_word) {
    report.error("json.syntax", path,
                 lead + "unexpected " + in_quotes(word_at(text, at)) +
                     "; a value is a \"string\", a number, true, false, null, an object or an array.");
  } else {
    std::string reason = failure.reason;
    const std::size_t last_read = reason.find("; last read");
    if (last_read != std::string::npos) reason.erase(last_read);
    report.error("json.syntax", path, lead + reason + ".");
  }
}

std::optional<Json> parse_checked(std::string_view text, const Scan& scan, const std::string& base_path,
                                  const std::string& subject, bool ignore_comments, Report& report) {
  for (const std::string& duplicate : scan.duplicate_keys) {
    report.error("json.duplicate_key", base_path + duplicate,
                 subject + " names " + duplicate + " twice; give each key once.");
  }
  Json value = Json::parse(text, nullptr, false, ignore_comments);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Json> read_json(std::string_view text, const std::string& base_path, const std::string& subject,
                              Report& report) {
  Scan scan = scan_json(text, false);
  if (scan.too_deep) {
    report.error("json.too_deep", base_path,
                 subject + " nests more than " + std::to_string(kMaxDepth) + " levels of objects and arrays.");
    return std::nullopt;
  }
  if (!scan.failure) return parse_checked(text, scan, base_path, subject, false, report);

  // Comments are reported wherever they stand, then reading goes on without them.
  const std::vector<std::size_t> comments = find_comments(text);
  if (!comments.empty()) {
    std::string message = subject + " has a comment at " + describe_position(text, comments.front());
    if (comments.size() > 1) message += " and " + std::to_string(comments.size() - 1) + " more";
    report.error("json.comment", base_path, message + "; JSON does not allow comments (// or /* */): remove them.");
    scan = scan_json(text, true);
    if (!scan.failure) return parse_checked(text, scan, base_path, subject, true, report);
  }

  const SyntaxFailure& failure = *scan.failure;
  if (failure.offset < text.size() && text[failure.offset] == '\'') {
    report.error("json.single_quotes", base_path + failure.path,
                 subject + " is not valid JSON at " + describe_position(text, failure.offset) +
                     ": JSON strings and names need double quotes (\"), not single quotes (').");
    const std::string repaired = requote(text);
    Scan repaired_scan = scan_json(repaired, true);
    if (!repaired_scan.failure) return parse_checked(repaired, repaired_scan, base_path, subject, true, report);
    return std::nullopt;
  }
  report_failure(text, failure, base_path, subject, report);
  return std::nullopt;
}

}  // namespace appnotify
