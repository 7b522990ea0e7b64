#include "store/open_store.h"

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace appnotify::server {

std::unique_ptr<Store> open_store(const std::string& db, std::string& error,
                                  std::chrono::milliseconds statement_timeout) {
  if (is_postgres_uri(db)) return PostgresStore::open(db, error, statement_timeout);
  return SqliteStore::open(db, error, statement_timeout);
}

}  // namespace appnotify::server
