#include "store/open_store.h"

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace appnotify::server {

std::unique_ptr<Store> open_store(const std::string& db, std::string& error) {
  if (is_postgres_uri(db)) return PostgresStore::open(db, error);
  return SqliteStore::open(db, error);
}

}  // namespace appnotify::server
