// The OData query options of the appnotifications collection ($select, $filter, $orderby, $top,
// $count, $skiptoken), parsed into SQL over the notifications table with bound parameters: no
// text from a client ever becomes SQL. Pure: no I/O, so it is fuzzed on its own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace appnotify::server {

struct QueryOptions {
  std::vector<std::string> select;  // OData column names; empty means all
  std::string where_sql;            // "" or a condition with ? placeholders
  std::vector<SqlValue> params;
  std::string order_sql;  // "" for the default order
  std::optional<std::int64_t> top;
  bool count = false;
  std::int64_t skip = 0;  // from $skiptoken
};

struct QueryError {
  std::string option;   // "$filter", ...
  std::string message;  // names the option and what is wrong, with the position for $filter
};

struct ParsedQuery {
  std::optional<QueryOptions> options;
  std::optional<QueryError> error;
};

// `params` holds the decoded query string (name -> value).
ParsedQuery parse_query(const std::map<std::string, std::string>& params);

// The record's columns as OData names them, in $metadata order.
const std::vector<std::string>& odata_columns();

}  // namespace appnotify::server
