// The store that --db names: a PostgreSQL URI (postgresql://... or postgres://...) or, otherwise,
// the path of a SQLite file (the embedded default).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace appnotify::server {

// nullptr and `error` when it cannot be opened (or has a newer schema than this appnotifyd knows).
// Every SQL statement is stopped past `statement_timeout`; the read answers StatementTimeout.
std::unique_ptr<Store> open_store(const std::string& db, std::string& error,
                                  std::chrono::milliseconds statement_timeout = kDefaultStatementTimeout);

}  // namespace appnotify::server
