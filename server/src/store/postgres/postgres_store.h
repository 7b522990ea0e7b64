// The store for many instances: one PostgreSQL database (any libpq URI, postgresql://...) that
// every appnotifyd shares, through SqlStore (store/sql/sql_store.h). Acknowledged means committed
// (synchronous_commit as the server has it, on by default). Record versions come from a sequence,
// so ETags stay unique across instances; the schema is made and migrated under an advisory lock, so
// instances starting together do it once.
#pragma once

#include <memory>
#include <string>

#include "store/postgres/pg_connection.h"
#include "store/sql/sql_store.h"

namespace appnotify::server {

struct PostgresFlavor {
  using Connection = PgConnection;
  static constexpr const char* kBegin = "BEGIN";
  static constexpr const char* kRowKey = "id";
  // A user's live notifications, found through the owner's index. "+ 0" keeps the planner off the
  // expiry index: nearly every row of the table is live, but on statistics that lag behind (a table
  // that just grew by a broadcast) it would AND in a scan of that index over all of them, and a
  // poll of 50 would read as many index entries as the table has live rows.
  static constexpr const char* kOwnersLive = "owner = ? AND expires_ms + 0 > ?";

  static std::unique_ptr<PgConnection> open_writer(const std::string& uri, std::string& error);
  static std::unique_ptr<PgConnection> open_reader(const std::string& uri, std::string& error);
  // The query options' SQL: LIKE as ILIKE (contains, startswith and endswith ignore case, as on SQLite).
  static std::string filter(const std::string& where_sql);
  // Versions come from a sequence that every instance shares, taken kVersionsAtOnce per round
  // trip (the ones left when an instance stops are gaps; a version only has to differ).
  struct Versions {
    std::int64_t next = 1;               // unused: the sequence has them
    std::vector<std::int64_t> reserved;  // taken from the back
  };
  static constexpr int kVersionsAtOnce = 64;
  static std::int64_t next_version(PgConnection& db, Versions& versions);
  // A transaction-scoped advisory lock: the transactions that insert events take ids one after
  // another, each holding the lock from its insert to its commit, so ids commit in increasing order.
  static bool lock_event_ids(PgConnection& db);
  // NOTIFY on kEventsChannel with the last id, which PostgreSQL delivers to the listeners at the commit.
  static bool announce_events(PgConnection& db, std::int64_t last_id);
  // A LISTEN connection of its own on kEventsChannel, connecting again when it is lost.
  static std::unique_ptr<CommitSignal> commit_signal(const std::string& uri, std::string& error);
  static constexpr const char* kEventsChannel = "appnotify_events";
};

extern template class SqlStore<PostgresFlavor>;
using PostgresStore = SqlStore<PostgresFlavor>;

// Whether `target` names a PostgreSQL database (postgresql:// or postgres://) rather than a file.
bool is_postgres_uri(const std::string& target);

}  // namespace appnotify::server
