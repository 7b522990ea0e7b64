// What the store keeps and answers, as plain values: the records, the users, the change events,
// the queries and the results of writes (store.h has the interfaces).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace appnotify::server {

// Thrown by a read when the database cannot be reached, even after one reconnection, or when the
// read fails there (a timeout, a disk error): the request answers 503 with Retry-After, never an
// empty answer as if nothing were stored. (Writes report the same as WriteStatus::Failed.)
struct StoreUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown by a read that ran past its statement deadline (open_store's statement_timeout): the
// database was cut short, not lost. The request answers 503 with Retry-After too.
struct StatementTimeout : StoreUnavailable {
  using StoreUnavailable::StoreUnavailable;
};

// How long one SQL statement may run before the database stops it (serve --statement-timeout).
constexpr std::chrono::milliseconds kDefaultStatementTimeout{5000};

struct StoredNotification {
  std::string id;
  std::string owner;
  std::string title;
  std::optional<std::string> body;
  int icontype = 0;
  int toasttype = 0;
  int priority = 0;
  std::optional<std::int64_t> ttl_seconds;
  std::optional<std::string> data;
  std::int64_t created_ms = 0;
  std::int64_t modified_ms = 0;
  std::int64_t expires_ms = 0;
  std::string created_by;
  std::int64_t version = 0;  // changes with every write: the ETag
};

struct User {
  std::string id;
  std::string name;
  bool can_send = false;
  bool disabled = false;              // a disabled user's requests answer 401
  std::optional<std::string> issuer;  // the identity provider that signs this user's tokens, if any
  bool has_token = false;             // holds a static token (user add, user token)
  std::int64_t created_ms = 0;
};

// What an administrator changes about a user (appnotifyd user ...).
enum class UserChange { Disable, Enable, GrantSend, RevokeSend, ReplaceToken };

// A change a user's push stream delivers: "created", "updated" (with the record) or "deleted".
struct ChangeEvent {
  // Increasing in the order of the commits, on every database and across instances: whoever can
  // see event N can see every event below N (a store allocates ids so; see sql_store.h).
  // Last-Event-ID resumes after it.
  std::int64_t id = 0;
  std::string owner;
  std::string kind;
  std::string notification_id;
  std::optional<StoredNotification> record;
  std::int64_t created_ms = 0;  // when it happened (old events are swept)
};

// News that some instance sharing the database committed events (PostgreSQL's LISTEN).
class CommitSignal {
 public:
  virtual ~CommitSignal() = default;
  // Waits up to `timeout`. True when events may have been committed since the last call, including
  // after the signal had to connect again (whatever it missed meanwhile is in the database); false
  // when the time passed quietly.
  virtual bool wait(std::chrono::milliseconds timeout) = 0;
};

using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

// A filtered, ordered page of one owner's live notifications (see odata_query.h).
struct ListQuery {
  std::string owner;
  std::int64_t now_ms = 0;  // expired records are never returned
  std::string where_sql;    // extra condition over the columns, with ? placeholders, or ""
  std::vector<SqlValue> params;
  std::string order_sql;  // "created_ms DESC, id ASC" style, or "" for the default
  std::int64_t limit = -1;
  std::int64_t offset = 0;
};

enum class WriteStatus { Ok, NotFound, Conflict, Failed };

struct WriteResult {
  WriteStatus status = WriteStatus::Failed;
  std::optional<StoredNotification> record;  // as stored, for Ok
  std::vector<ChangeEvent> events;           // what the write published, with their ids
};

using WriteDone = std::function<void(WriteResult)>;
using SweepDone = std::function<void(std::int64_t deleted, std::int64_t transactions)>;

enum class PutMode { Create, Update, Upsert };

}  // namespace appnotify::server
