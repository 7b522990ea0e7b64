// libFuzzer target for the server's query options: arbitrary query strings, decoded as the server
// decodes them, then parsed into SQL. Beyond "no crash, no sanitizer report": every "?" in the SQL
// has its bound value, and no text of the input ever reaches the SQL itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "http/http_types.h"
#include "odata/odata_query.h"

using appnotify::server::parse_query;
using appnotify::server::parse_query_string;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> params;
  if (!parse_query_string(input, params)) return 0;
  const auto parsed = parse_query(params);
  if (parsed.options.has_value() == parsed.error.has_value()) std::abort();
  if (!parsed.options) return 0;
  // Only our own vocabulary reaches the SQL: the one quoted text there is LIKE's escape character.
  std::string sql = parsed.options->where_sql;
  for (std::size_t at; (at = sql.find("ESCAPE '\\'")) != std::string::npos;) sql.erase(at, 10);
  if (sql.find('\'') != std::string::npos) std::abort();
  std::size_t placeholders = 0;
  for (char c : sql) placeholders += c == '?' ? 1 : 0;
  if (placeholders != parsed.options->params.size()) std::abort();
  return 0;
}
