// The store on an SQL database, one implementation for every database it runs on: the Flavor says
// how to connect, how the schema is made and migrated, and the few places where the SQL differs
// (sqlite/sqlite_store.h, postgres/postgres_store.h). One writer thread group-commits everything
// queued (one transaction for many requests' writes, each answered only after the commit);
// background work (the expiry sweep's batches) commits in transactions of its own; readers use
// pooled connections and see every committed write.
//
// A Flavor has: `Connection` (prepare(sql) with "?" placeholders -> a statement with bind, step,
// done and typed column reads; exec(sql); changes(); last_error()), open_writer(target, error)
// (the schema made or migrated), open_reader(target, error), kBegin, kRowKey (what the sweep
// deletes by), filter(where_sql) (the query options' SQL in its dialect) and
// `Versions` with next_version(writer, versions) (a record's next ETag version), lock_event_ids(writer) (taken
// before a transaction's events are inserted, held until it ends: event ids then commit in
// order), announce_events(writer, last_id) (tells other instances at the commit) and
// commit_signal(target, error) (hears them; nullptr where no other process writes).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"

namespace appnotify::server {

template <typename Flavor>
class SqlStore : public Store {
 public:
  using Connection = typename Flavor::Connection;

  // Connects (for SQLite: opens, creating the file when needed) and brings the schema up to date;
  // nullptr and `error` on failure, or when the database has a newer schema than this appnotifyd.
  // Every statement, read or write, is stopped past `statement_timeout`.
  static std::unique_ptr<SqlStore> open(const std::string& target, std::string& error,
                                        std::chrono::milliseconds statement_timeout = kDefaultStatementTimeout);
  ~SqlStore() override;

  void create(StoredNotification record, WriteDone done) override;
  void put(StoredNotification record, PutMode mode, const std::string& current_owner, WriteDone done) override;
  void remove(const std::string& id, const std::string& owner, std::int64_t now_ms, WriteDone done) override;
  std::optional<StoredNotification> get(const std::string& id, std::int64_t now_ms) override;
  std::vector<StoredNotification> list(const ListQuery& query) override;
  std::int64_t count(const ListQuery& query) override;
  void sweep(std::int64_t now_ms, std::int64_t keep_events_ms, SweepDone done) override;
  std::int64_t expired_count(std::int64_t now_ms) override;
  std::vector<ChangeEvent> events_after(const std::string& owner, std::int64_t after_id, std::int64_t now_ms,
                                        std::int64_t limit) override;
  std::int64_t last_event_id() override;
  Backlog backlog_after(const std::string& owner, std::int64_t after_id, std::int64_t cap) override;
  std::vector<ChangeEvent> events_since(std::int64_t after_id, std::int64_t limit) override;
  std::vector<StoredNotification> records(const std::vector<std::string>& ids, std::int64_t now_ms) override;
  std::unique_ptr<CommitSignal> commit_signal(std::string& error) override;
  std::optional<User> user_by_token_hash(const std::string& token_hash) override;
  std::optional<User> user_by_id(const std::string& id) override;
  bool add_user(const User& user, const std::string& token_hash, std::int64_t now_ms) override;
  std::vector<User> list_users() override;
  WriteStatus change_user(const std::string& id, UserChange change, const std::string& token_hash) override;
  std::optional<User> provision_user(const User& user, std::int64_t now_ms) override;
  std::int64_t users_version() override;
  std::string organization_id() override;
  void drain() override;

  // A sweep deletes at most this many rows per transaction, then lets queued requests go first.
  static constexpr std::int64_t kSweepBatch = 200;
  static constexpr int kBackgroundYield = 3;  // the requests' share of the writer against background work

 private:
  struct Job {
    std::function<WriteResult(Connection&)> work;
    WriteDone done;
    bool background = false;  // committed after the requests queued with it, in its own transaction
  };

  SqlStore(std::string target, std::chrono::milliseconds statement_timeout);
  // A new connection, with the statement deadline set: the writer's or a reader's.
  std::unique_ptr<Connection> connect(bool writer, std::string& error);
  void enqueue(Job job);
  void run_writer();
  void commit_group(std::deque<Job>& batch);
  std::unique_ptr<Connection> acquire_reader();
  void release_reader(std::unique_ptr<Connection> connection);
  template <typename Fn>
  auto with_reader(Fn&& fn);
  // The first column of the first row `sql` answers, or 0 when it answers none.
  std::int64_t read_number(const char* sql);
  // The user whose `column` holds `value` (a column name of this file's, never the caller's text).
  std::optional<User> user_where(const char* column, const std::string& value);
  void sweep_batch(std::int64_t now_ms, std::int64_t keep_events_ms, std::int64_t swept, std::int64_t batches,
                   SweepDone done);
  // Runs `work` (returning true on success) on the writer and waits for its commit.
  template <typename Answer, typename Work>
  Answer write_and_wait(Work work, Answer failed);

  std::string target_;  // the file path or the connection URI
  std::chrono::milliseconds statement_timeout_;
  std::unique_ptr<Connection> writer_;
  std::thread writer_thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  typename Flavor::Versions versions_;
  bool sweeping_ = false;  // a sweep's batches are queued one after another

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::string organization_id_;
};

}  // namespace appnotify::server
