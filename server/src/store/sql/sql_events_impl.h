// SqlStore<Flavor>'s change events (EventLog): what the push streams replay and the event feed
// reads back from other instances.
// Included by sql_store_impl.h.
#pragma once

#include <algorithm>

#include "store/sql/sql_rows.h"

namespace appnotify::server {

template <typename Flavor>
std::vector<ChangeEvent> SqlStore<Flavor>::events_after(const std::string& owner, std::int64_t after_id,
                                                        std::int64_t now_ms, std::int64_t limit) {
  return with_reader([&](Connection& db) {
    std::vector<ChangeEvent> out;
    auto rows = db.prepare(std::string("SELECT e.id, e.kind, e.notification_id, ") + each_column("n.") +
                           " FROM events e LEFT JOIN notifications n ON n.id = e.notification_id AND n.owner = e.owner "
                           "AND n.expires_ms > ? WHERE e.owner = ? AND e.id > ? ORDER BY e.id LIMIT " +
                           std::to_string(std::max<std::int64_t>(0, limit)));
    rows.bind(1, now_ms).bind(2, owner).bind(3, after_id);
    while (rows.step()) {
      ChangeEvent event{rows.integer(0), owner, rows.text(1), rows.text(2), std::nullopt};
      if (event.kind != "deleted" && rows.optional_text(3)) event.record = read_record(rows, 3);
      out.push_back(std::move(event));
    }
    throw_unless_read(rows, db);
    return out;
  });
}

template <typename Flavor>
std::int64_t SqlStore<Flavor>::last_event_id() {
  return read_number("SELECT COALESCE(MAX(id), 0) FROM events");
}

template <typename Flavor>
EventLog::Backlog SqlStore<Flavor>::backlog_after(const std::string& owner, std::int64_t after_id, std::int64_t cap) {
  return with_reader([&](Connection& db) {
    Backlog backlog;
    auto count = db.prepare("SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE owner = ? AND id > ? LIMIT " +
                            std::to_string(std::max<std::int64_t>(0, cap)) + ") AS backlog");
    count.bind(1, owner).bind(2, after_id);
    if (count.step()) backlog.events = count.integer(0);
    throw_unless_read(count, db);
    auto oldest = db.prepare("SELECT MIN(id) FROM events");
    if (oldest.step()) {
      const std::optional<std::int64_t> id = oldest.optional_integer(0);
      backlog.swept = id && *id > after_id + 1;
    }
    throw_unless_read(oldest, db);
    return backlog;
  });
}

template <typename Flavor>
std::vector<ChangeEvent> SqlStore<Flavor>::events_since(std::int64_t after_id, std::int64_t limit) {
  return with_reader([&](Connection& db) {
    auto rows =
        db.prepare("SELECT id, owner, kind, notification_id, created_ms FROM events WHERE id > ? ORDER BY id LIMIT " +
                   std::to_string(limit));
    rows.bind(1, after_id);
    return collect_rows(rows, db, [](auto& row) {
      return ChangeEvent{row.integer(0), row.text(1), row.text(2), row.text(3), std::nullopt, row.integer(4)};
    });
  });
}

}  // namespace appnotify::server
