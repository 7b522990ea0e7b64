// The embedded default store: one SQLite file in WAL mode. One writer thread group-commits
// everything queued (one transaction, one fsync for many requests, synchronous=FULL); readers use
// pooled connections with prepared statements and see every committed write.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace appnotify::server {

class SqliteConnection;

class SqliteStore : public Store {
 public:
  // Opens (creating when needed) the database file; nullptr and `error` on failure.
  static std::unique_ptr<SqliteStore> open(const std::string& path, std::string& error);
  ~SqliteStore() override;

  void create(StoredNotification record, WriteDone done) override;
  void put(StoredNotification record, PutMode mode, const std::string& current_owner, WriteDone done) override;
  void remove(const std::string& id, const std::string& owner, std::int64_t now_ms, WriteDone done) override;
  std::optional<StoredNotification> get(const std::string& id, std::int64_t now_ms) override;
  std::vector<StoredNotification> list(const ListQuery& query) override;
  std::int64_t count(const ListQuery& query) override;
  void sweep(std::int64_t now_ms, std::int64_t keep_events_ms, SweepDone done) override;
  std::vector<ChangeEvent> events_after(const std::string& owner, std::int64_t after_id, std::int64_t now_ms) override;
  std::int64_t last_event_id() override;
  std::optional<User> user_by_token_hash(const std::string& token_hash) override;
  std::optional<User> user_by_id(const std::string& id) override;
  bool add_user(const User& user, const std::string& token_hash, std::int64_t now_ms) override;
  std::vector<User> list_users() override;
  WriteStatus change_user(const std::string& id, UserChange change, const std::string& token_hash) override;
  std::optional<User> provision_user(const User& user, std::int64_t now_ms) override;
  std::int64_t users_version() override;
  std::string organization_id() override;
  void drain() override;

  // How many transactions the writer committed and how many writes they carried (for benchmarks).
  std::pair<std::int64_t, std::int64_t> commit_stats();
  // A sweep deletes at most this many rows per transaction, then lets queued requests go first.
  static constexpr std::int64_t kSweepBatch = 200;

 private:
  struct Job {
    std::function<WriteResult(SqliteConnection&)> work;
    WriteDone done;
    bool background = false;  // committed after the requests queued with it, in its own transaction
  };

  explicit SqliteStore(std::string path);
  void enqueue(Job job);
  void run_writer();
  void commit_group(std::deque<Job>& batch);
  std::unique_ptr<SqliteConnection> acquire_reader();
  void release_reader(std::unique_ptr<SqliteConnection> connection);
  template <typename Fn>
  auto with_reader(Fn&& fn);
  void sweep_batch(std::int64_t now_ms, std::int64_t keep_events_ms, std::int64_t swept, std::int64_t batches,
                   SweepDone done);
  // Runs `work` (returning true on success) on the writer and waits for its commit.
  template <typename Answer, typename Work>
  Answer write_and_wait(Work work, Answer failed);

  std::string path_;
  std::unique_ptr<SqliteConnection> writer_;
  std::thread writer_thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::int64_t next_version_ = 1;
  std::int64_t commits_ = 0;
  std::int64_t committed_writes_ = 0;
  bool sweeping_ = false;  // a sweep's batches are queued one after another

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::string organization_id_;
};

}  // namespace appnotify::server
