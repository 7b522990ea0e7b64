// The server's storage, behind a small interface so that a networked database can replace the
// embedded SQLite one (sqlite_store.h) without touching the HTTP layer.
//
// Writes are asynchronous and group-committed: many requests' writes share one transaction and
// one fsync, and each request is answered only after its write is durable ("acknowledged means
// stored"). Reads are synchronous and see every acknowledged write.
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

class Store {
 public:
  virtual ~Store() = default;

  // --- notifications ---
  virtual void create(StoredNotification record, WriteDone done) = 0;  // Conflict if the id exists
  // Replaces a live record whose owner is `current_owner` (NotFound when someone else owns it) or,
  // with Upsert/Create, creates it. `record.owner` may differ: the record is reassigned.
  virtual void put(StoredNotification record, PutMode mode, const std::string& current_owner, WriteDone done) = 0;
  virtual void remove(const std::string& id, const std::string& owner, std::int64_t now_ms, WriteDone done) = 0;
  virtual std::optional<StoredNotification> get(const std::string& id, std::int64_t now_ms) = 0;
  virtual std::vector<StoredNotification> list(const ListQuery& query) = 0;
  virtual std::int64_t count(const ListQuery& query) = 0;
  // Queues the deletion of what expired by `now_ms` and of change events older than `keep_events_ms`,
  // in bounded batches (each its own transaction, requests served between them). A sweep that is
  // still going when the next is asked for carries on instead. Expired records are invisible
  // to every read from their first millisecond either way.
  // `done` (if set) hears, once the sweep has finished, how many rows it deleted in how many
  // transactions; a sweep that did not start (another is going) does not call it.
  virtual void sweep(std::int64_t now_ms, std::int64_t keep_events_ms, SweepDone done) = 0;

  // --- push ---
  // One owner's events after `after_id` in id order, at most `limit`. A created or updated event
  // carries the record as it is now; when the record has since been deleted or has expired, its
  // `record` is empty (a later "deleted" event says which, when one was written).
  virtual std::vector<ChangeEvent> events_after(const std::string& owner, std::int64_t after_id, std::int64_t now_ms,
                                                std::int64_t limit) = 0;
  virtual std::int64_t last_event_id() = 0;
  // Every owner's events after `after_id` in id order, at most `limit`, without their records.
  virtual std::vector<ChangeEvent> events_since(std::int64_t after_id, std::int64_t limit) = 0;
  // The live records among `ids`, in no particular order.
  virtual std::vector<StoredNotification> records(const std::vector<std::string>& ids, std::int64_t now_ms) = 0;
  // When other processes may write the same database (PostgreSQL): news of their commits, to read
  // their events back with events_since (push/event_feed.h). nullptr when this process is the only
  // writer, and for an error (in `error`).
  virtual std::unique_ptr<CommitSignal> commit_signal(std::string& error) = 0;

  // --- users ---
  virtual std::optional<User> user_by_token_hash(const std::string& token_hash) = 0;
  virtual std::optional<User> user_by_id(const std::string& id) = 0;
  // `token_hash` may be "" for a user who signs in only with the identity provider's tokens.
  virtual bool add_user(const User& user, const std::string& token_hash, std::int64_t now_ms) = 0;
  virtual std::vector<User> list_users() = 0;
  // Applies an administrator's change (ReplaceToken stores `token_hash`, and the old token stops
  // working); NotFound when no user has the id. Every change moves users_version().
  virtual WriteStatus change_user(const std::string& id, UserChange change, const std::string& token_hash) = 0;
  // The user a first valid JWT names: created when absent (no static token), renamed when `user.name`
  // differs. Answers the stored user, or nullopt when it could not be written.
  virtual std::optional<User> provision_user(const User& user, std::int64_t now_ms) = 0;
  // A number that every administrator's change moves, on every instance that shares the database:
  // servers watch it to drop cached credentials and close the streams of disabled users.
  virtual std::int64_t users_version() = 0;
  virtual std::string organization_id() = 0;

  // Finishes the writes already queued, then stops taking new ones.
  virtual void drain() = 0;
};

}  // namespace appnotify::server
