#include "odata/odata_query.h"

#include <cctype>
#include <cstdint>

#include "appnotify/guid.h"
#include "appnotify/timestamp.h"

namespace appnotify::server {
namespace {

enum class Type { Guid, String, Integer, DateTime };

struct Column {
  const char* odata;
  const char* sql;
  Type type;
};

constexpr Column kColumns[] = {
    {"appnotificationid", "id", Type::Guid},
    {"title", "title", Type::String},
    {"body", "body", Type::String},
    {"icontype", "icontype", Type::Integer},
    {"toasttype", "toasttype", Type::Integer},
    {"priority", "priority", Type::Integer},
    {"ttlinseconds", "ttlinseconds", Type::Integer},
    {"data", "data", Type::String},
    {"createdon", "created_ms", Type::DateTime},
    {"modifiedon", "modified_ms", Type::DateTime},
    {"_ownerid_value", "owner", Type::Guid},
    {"_createdby_value", "createdby", Type::Guid},
};

const Column* find_column(const std::string& name) {
  for (const Column& column : kColumns) {
    if (name == column.odata) return &column;
  }
  return nullptr;
}

const char* type_name(Type type) {
  switch (type) {
    case Type::Guid: return "a GUID (write it bare: 6f9619ff-8b86-d011-b42d-00c04fc964ff)";
    case Type::String: return "text (in single quotes: 'text')";
    case Type::Integer: return "a whole number";
    case Type::DateTime: return "a date-time (write it bare: 2026-11-27T00:00:00Z)";
  }
  return "";
}

// How long the text of contains, startswith and endswith may be: a LIKE '%...%' costs the length of
// the pattern times the text it searches, so an unbounded one lets one request hold a thread.
constexpr std::size_t kMaxSearchCharacters = 200;

std::size_t code_points(const std::string& utf8) {
  std::size_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// Whether `text` is valid UTF-8: PostgreSQL refuses anything else, and an answer quoting it would
// not be JSON.
bool is_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80           ? 1
                               : (byte >> 5) == 0x6  ? 2
                               : (byte >> 4) == 0xE  ? 3
                               : (byte >> 3) == 0x1E ? 4
                                                     : 0;
    if (length == 0 || i + length > text.size()) return false;
    std::uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

bool is_guid(const std::string& text) { return parse_guid(text).has_value() && text.size() == 36; }

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// $filter, by recursive descent:
//   or := and ("or" and)*      and := unary ("and" unary)*      unary := "not" unary | primary
//   primary := "(" or ")" | function "(" column "," string ")" | operand op operand
class FilterParser {
 public:
  explicit FilterParser(const std::string& text) : text_(text) {}

  bool parse(std::string& sql, std::vector<SqlValue>& params) {
    params_ = &params;
    if (!parse_or(sql)) return false;
    skip_space();
    if (pos_ < text_.size()) return fail("unexpected \"" + text_.substr(pos_, 20) + "\"");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  struct Operand {
    enum Kind { ColumnRef, Text, Number, Null, Word } kind;
    std::string value;
    const Column* column = nullptr;
  };

  bool fail(const std::string& message) {
    if (error_.empty()) error_ = message + " at position " + std::to_string(pos_ + 1);
    return false;
  }
  void skip_space() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  // A bare word: names, keywords, numbers, GUIDs and date-times.
  std::string peek_word() {
    skip_space();
    std::size_t end = pos_;
    while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                                  std::string_view("_:.+-").find(text_[end]) != std::string_view::npos)) {
      ++end;
    }
    return text_.substr(pos_, end - pos_);
  }
  bool accept_word(const char* keyword) {
    const std::string word = peek_word();
    if (lower(word) != keyword) return false;
    pos_ += word.size();
    return true;
  }
  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool parse_or(std::string& sql) {
    if (++depth_ > 32) return fail("$filter nests too deeply");
    if (!parse_and(sql)) return false;
    while (accept_word("or")) {
      std::string right;
      if (!parse_and(right)) return false;
      sql = "(" + sql + " OR " + right + ")";
    }
    --depth_;
    return true;
  }
  bool parse_and(std::string& sql) {
    if (!parse_unary(sql)) return false;
    while (accept_word("and")) {
      std::string right;
      if (!parse_unary(right)) return false;
      sql = "(" + sql + " AND " + right + ")";
    }
    return true;
  }
  bool parse_unary(std::string& sql) {
    if (accept_word("not")) {
      if (++depth_ > 32) return fail("$filter nests too deeply");
      std::string inner;
      if (!parse_unary(inner)) return false;
      --depth_;
      sql = "(NOT " + inner + ")";
      return true;
    }
    return parse_primary(sql);
  }
  bool parse_primary(std::string& sql) {
    if (accept('(')) {
      std::string inner;
      if (!parse_or(inner)) return false;
      if (!accept(')')) return fail("a \")\" is missing");
      sql = inner;
      return true;
    }
    const std::string word = lower(peek_word());
    if (word == "contains" || word == "startswith" || word == "endswith") return parse_function(word, sql);
    Operand left, right;
    if (!parse_operand(left)) return false;
    const std::string op = lower(peek_word());
    static const std::map<std::string, std::string> kOperators = {{"eq", "="},  {"ne", "<>"}, {"gt", ">"},
                                                                  {"ge", ">="}, {"lt", "<"},  {"le", "<="}};
    const auto found = kOperators.find(op);
    if (found == kOperators.end()) return fail("expected eq, ne, gt, ge, lt or le, found \"" + op + "\"");
    pos_ += op.size();
    if (!parse_operand(right)) return false;
    return comparison(left, found->first, found->second, right, sql);
  }
  bool parse_function(const std::string& name, std::string& sql) {
    pos_ += peek_word().size();
    if (!accept('(')) return fail("expected \"(\" after " + name);
    Operand column, text;
    if (!parse_operand(column) || column.kind != Operand::ColumnRef || column.column->type != Type::String) {
      return fail(name + " takes a text column (title, body or data) first");
    }
    if (!accept(',')) return fail("expected \",\" in " + name);
    if (!parse_operand(text) || text.kind != Operand::Text) return fail(name + " takes text in single quotes second");
    if (!accept(')')) return fail("a \")\" is missing after " + name);
    if (code_points(text.value) > kMaxSearchCharacters) {
      return fail(name + " searches for at most " + std::to_string(kMaxSearchCharacters) + " characters, not " +
                  std::to_string(code_points(text.value)));
    }
    std::string pattern;
    for (char c : text.value) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    if (name != "startswith") pattern = "%" + pattern;
    if (name != "endswith") pattern += "%";
    params_->push_back(pattern);
    sql = std::string("(") + column.column->sql + " LIKE ? ESCAPE '\\')";
    return true;
  }
  bool parse_operand(Operand& out) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '\'') {
      std::string value;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) return fail("a text value has no closing quote");
        if (text_[pos_] == '\'') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
            value += '\'';
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        value += text_[pos_++];
      }
      if (!is_utf8(value)) return fail("a text value is not valid UTF-8");
      out = {Operand::Text, value};
      return true;
    }
    const std::string word = peek_word();
    if (word.empty()) return fail("expected a column or a value");
    pos_ += word.size();
    if (lower(word) == "null") {
      out = {Operand::Null, word};
    } else if (const Column* column = find_column(word)) {
      out = {Operand::ColumnRef, word, column};
    } else if (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-' || is_guid(word)) {
      out = {Operand::Word, word};
    } else {
      return fail("unknown column \"" + word + "\"");
    }
    return true;
  }
  // A literal as a value of the column's type, or nullopt (reported).
  std::optional<SqlValue> value_for(const Column& column, const Operand& literal) {
    const std::string bad = std::string(column.odata) + " is " + type_name(column.type) + "; \"" + literal.value + "\"";
    switch (column.type) {
      case Type::String:
        if (literal.kind == Operand::Text) return SqlValue(literal.value);
        break;
      case Type::Guid:
        if (is_guid(literal.value)) return SqlValue(lower(literal.value));
        break;
      case Type::Integer:
        if (literal.kind == Operand::Word) {
          std::size_t used = 0;
          const long long number = std::strtoll(literal.value.c_str(), nullptr, 10);
          used = literal.value.find_first_not_of("-0123456789");
          // The whole-number columns are Edm.Int32, as in Dataverse (and integer in PostgreSQL).
          if (used == std::string::npos && literal.value.size() < 19 && number >= INT32_MIN && number <= INT32_MAX) {
            return SqlValue(std::int64_t{number});
          }
          fail(std::string(column.odata) + " is a whole number from -2147483648 to 2147483647; \"" + literal.value +
               "\" does not fit");
          return std::nullopt;
        }
        break;
      case Type::DateTime:
        if (std::optional<std::int64_t> ms = parse_timestamp(literal.value)) return SqlValue(*ms);
        break;
    }
    fail(bad + " does not fit");
    return std::nullopt;
  }
  bool comparison(const Operand& left, const std::string& op, const std::string& sql_op, const Operand& right,
                  std::string& sql) {
    const bool left_column = left.kind == Operand::ColumnRef, right_column = right.kind == Operand::ColumnRef;
    if (left_column && right_column) {
      if (left.column->type != right.column->type) return fail("compared columns have different types");
      sql = std::string("(") + left.column->sql + " " + sql_op + " " + right.column->sql + ")";
      return true;
    }
    if (!left_column && !right_column) return fail("a comparison needs a column on one side");
    const Operand& column = left_column ? left : right;
    const Operand& literal = left_column ? right : left;
    if (literal.kind == Operand::Null) {
      if (op != "eq" && op != "ne") return fail("null can only be compared with eq or ne");
      sql = std::string("(") + column.column->sql + (op == "eq" ? " IS NULL)" : " IS NOT NULL)");
      return true;
    }
    std::optional<SqlValue> value = value_for(*column.column, literal);
    if (!value) return false;
    params_->push_back(*value);
    sql = left_column ? std::string("(") + column.column->sql + " " + sql_op + " ?)"
                      : std::string("(? ") + sql_op + " " + column.column->sql + ")";
    return true;
  }

  const std::string& text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::vector<SqlValue>* params_ = nullptr;
  std::string error_;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(',', begin);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(begin, end - begin);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    out.push_back(item);
    begin = end + 1;
  }
  return out;
}

bool parse_count(const std::string& text, std::int64_t& out) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  out = std::stoll(text);
  return true;
}

}  // namespace

const std::vector<std::string>& odata_columns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Column& column : kColumns) out.push_back(column.odata);
    return out;
  }();
  return names;
}

ParsedQuery parse_query(const std::map<std::string, std::string>& params) {
  QueryOptions options;
  const auto error = [](const std::string& option, const std::string& message) {
    return ParsedQuery{std::nullopt, QueryError{option, option + ": " + message}};
  };
  for (const auto& [name, value] : params) {
    if (name.empty() || name[0] != '$') continue;
    if (name == "$select") {
      for (const std::string& column : split_list(value)) {
        if (!find_column(column)) return error(name, "unknown column \"" + column + "\"");
        options.select.push_back(column);
      }
    } else if (name == "$filter") {
      if (value.size() > 4096) return error(name, "longer than 4096 characters");
      FilterParser parser(value);
      if (!parser.parse(options.where_sql, options.params)) return error(name, parser.error());
    } else if (name == "$orderby") {
      for (const std::string& item : split_list(value)) {
        const std::size_t space = item.find(' ');
        const std::string column_name = item.substr(0, space);
        const std::string direction = space == std::string::npos ? "asc" : lower(item.substr(space + 1));
        const Column* column = find_column(column_name);
        if (!column) return error(name, "unknown column \"" + column_name + "\"");
        if (direction != "asc" && direction != "desc")
          return error(name, "order is asc or desc, not \"" + direction + "\"");
        if (!options.order_sql.empty()) options.order_sql += ", ";
        options.order_sql += std::string(column->sql) + (direction == "desc" ? " DESC" : " ASC");
      }
      options.order_sql += ", id ASC";  // stable pages
    } else if (name == "$top") {
      std::int64_t top = 0;
      if (!parse_count(value, top)) return error(name, "expected a whole number, not \"" + value + "\"");
      options.top = top;
    } else if (name == "$count") {
      if (value != "true" && value != "false") return error(name, "expected true or false");
      options.count = value == "true";
    } else if (name == "$skiptoken") {
      if (!parse_count(value, options.skip)) return error(name, "not a token this server issued");
    } else {
      return error(name, "this query option is not supported here");
    }
  }
  return {options, std::nullopt};
}

}  // namespace appnotify::server
