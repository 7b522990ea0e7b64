// SqlStore<Flavor>'s machinery (sql_store.h): opening, the writer thread that group-commits the
// queued writes, the pool of readers, and the drain.
// Included by sql_store_impl.h.
#pragma once

#include <algorithm>
#include <chrono>
#include <future>
#include <optional>

#include "base/metrics.h"
#include "base/random_ids.h"
#include "store/sql/sql_rows.h"

namespace appnotify::server {

template <typename Flavor>
SqlStore<Flavor>::SqlStore(std::string target, std::chrono::milliseconds statement_timeout)
    : target_(std::move(target)), statement_timeout_(statement_timeout) {}

template <typename Flavor>
std::unique_ptr<typename SqlStore<Flavor>::Connection> SqlStore<Flavor>::connect(bool writer, std::string& error) {
  // The writer's schema is made or migrated before any deadline applies: that may take long, once.
  std::unique_ptr<Connection> db = writer ? Flavor::open_writer(target_, error) : Flavor::open_reader(target_, error);
  if (db && !db->set_statement_timeout(statement_timeout_)) {
    error = db->last_error();
    return nullptr;
  }
  return db;
}

template <typename Flavor>
std::unique_ptr<SqlStore<Flavor>> SqlStore<Flavor>::open(const std::string& target, std::string& error,
                                                         std::chrono::milliseconds statement_timeout) {
  std::unique_ptr<SqlStore<Flavor>> store(new SqlStore<Flavor>(target, statement_timeout));
  store->writer_ = store->connect(true, error);
  if (!store->writer_) return nullptr;
  Connection& db = *store->writer_;
  {
    auto org = db.prepare("SELECT value FROM meta WHERE key = 'organizationid'");
    if (org.step()) store->organization_id_ = org.text(0);
  }
  if (store->organization_id_.empty()) {  // the first to start; instances starting with it agree on one
    db.prepare("INSERT INTO meta (key, value) VALUES ('organizationid', ?) ON CONFLICT (key) DO NOTHING")
        .bind(1, random_guid())
        .done();
    auto org = db.prepare("SELECT value FROM meta WHERE key = 'organizationid'");
    if (org.step()) store->organization_id_ = org.text(0);
  }
  {
    auto version = db.prepare("SELECT COALESCE(MAX(version), 0) FROM notifications");
    if (version.step()) store->versions_.next = version.integer(0) + 1;  // where the versions have no sequence
  }
  store->writer_thread_ = std::thread([raw = store.get()] { raw->run_writer(); });
  return store;
}

template <typename Flavor>
SqlStore<Flavor>::~SqlStore() {
  drain();
  std::lock_guard<std::mutex> lock(readers_mutex_);
  readers_.clear();
}

template <typename Flavor>
void SqlStore<Flavor>::drain() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
}

template <typename Flavor>
void SqlStore<Flavor>::enqueue(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  job.done(WriteResult{WriteStatus::Failed, std::nullopt, {}});  // the server is shutting down
}

// Takes everything queued and commits it: the requests' writes in one transaction (a savepoint per
// write, so one failure does not undo the others), then background work (the sweep's batch) in a
// transaction of its own, so that no request waits for a sweep inside its own commit. While requests
// keep coming, background work takes at most 1 / (1 + kBackgroundYield) of the writer's time: after a
// batch that took d, the next one waits until the requests have had kBackgroundYield x d. When no
// request came since the last batch, the next goes at once.
template <typename Flavor>
void SqlStore<Flavor>::run_writer() {
  using SteadyClock = std::chrono::steady_clock;
  std::deque<Job> background;
  SteadyClock::time_point background_allowed = SteadyClock::now();
  bool busy = false;  // requests came since the last background batch
  while (true) {
    std::deque<Job> requests;
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      const auto ready = [&] { return stopping_ || !queue_.empty(); };
      if (background.empty()) {
        wake_.wait(lock, ready);
      } else if (busy) {
        wake_.wait_until(lock, background_allowed, ready);
      }
      stopping = stopping_;
      if (queue_.empty() && background.empty()) return;  // stopping, and everything queued is done
      for (Job& job : queue_) (job.background ? background : requests).push_back(std::move(job));
      queue_.clear();
    }
    if (!requests.empty()) {
      commit_group(requests);
      busy = true;
    }
    if (!background.empty() && (!busy || stopping || SteadyClock::now() >= background_allowed)) {
      std::deque<Job> due;
      due.swap(background);
      const SteadyClock::time_point started = SteadyClock::now();
      commit_group(due);
      const SteadyClock::time_point ended = SteadyClock::now();
      background_allowed = ended + kBackgroundYield * (ended - started);
      busy = false;
    }
  }
}

template <typename Flavor>
void SqlStore<Flavor>::commit_group(std::deque<Job>& batch) {
  bool began = writer_->exec(Flavor::kBegin);
  if (!began && writer_->broken()) {  // the database went away: connect again, once per group
    std::string error;
    if (auto fresh = connect(true, error)) {
      writer_ = std::move(fresh);
      began = writer_->exec(Flavor::kBegin);
    }
  }
  Connection& db = *writer_;
  std::vector<WriteResult> results;
  results.reserve(batch.size());
  // Each write in a savepoint of its own; ending one and opening the next is one round trip.
  if (began) db.exec("SAVEPOINT write");
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!began) {
      results.push_back({WriteStatus::Failed, std::nullopt, {}});
      continue;
    }
    WriteResult result = batch[i].work(db);
    std::string end = result.status == WriteStatus::Failed ? "ROLLBACK TO SAVEPOINT write; RELEASE SAVEPOINT write"
                                                           : "RELEASE SAVEPOINT write";
    if (i + 1 < batch.size()) end += "; SAVEPOINT write";
    db.exec(end);
    results.push_back(std::move(result));
  }
  const bool committed = began && assign_event_ids<Flavor>(db, results) && db.exec("COMMIT");
  if (!committed) {
    db.exec("ROLLBACK");
    for (WriteResult& result : results) result = {WriteStatus::Failed, std::nullopt, {}};
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
}

template <typename Flavor>
std::unique_ptr<typename SqlStore<Flavor>::Connection> SqlStore<Flavor>::acquire_reader() {
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!readers_.empty()) {
      std::unique_ptr<Connection> connection = std::move(readers_.back());
      readers_.pop_back();
      return connection;
    }
  }
  // None free: a new connection (the pool grows to the number of threads that read at once).
  Metrics::process().count("appnotify_db_pool_waits_total");
  std::string error;
  return connect(false, error);
}

template <typename Flavor>
void SqlStore<Flavor>::release_reader(std::unique_ptr<Connection> connection) {
  if (!connection) return;
  std::lock_guard<std::mutex> lock(readers_mutex_);
  readers_.push_back(std::move(connection));
}

template <typename Flavor>
template <typename Fn>
auto SqlStore<Flavor>::with_reader(Fn&& fn) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::unique_ptr<Connection> connection = acquire_reader();
    if (!connection) continue;
    std::optional<decltype(fn(*connection))> result;
    try {
      result.emplace(fn(*connection));
    } catch (const StoreUnavailable&) {
      // A read that failed on a connection still up (a deadline, bad input the database refused)
      // gives the connection back: a new one per such request would be a cost anyone could impose.
      if (!connection->broken()) release_reader(std::move(connection));
      throw;
    }
    if (!connection->broken()) {
      release_reader(std::move(connection));
      return std::move(*result);
    }
    // The database went away (a restart, a failover): the pooled connections are as stale as this one.
    std::lock_guard<std::mutex> lock(readers_mutex_);
    readers_.clear();
  }
  throw StoreUnavailable("the database cannot be reached");
}

template <typename Flavor>
std::unique_ptr<CommitSignal> SqlStore<Flavor>::commit_signal(std::string& error) {
  return Flavor::commit_signal(target_, error);
}

template <typename Flavor>
std::int64_t SqlStore<Flavor>::read_number(const char* sql) {
  return with_reader([&](Connection& db) -> std::int64_t {
    auto row = db.prepare(sql);
    const std::int64_t number = row.step() ? row.integer(0) : 0;
    throw_unless_read(row, db);
    return number;
  });
}

template <typename Flavor>
template <typename Answer, typename Work>
Answer SqlStore<Flavor>::write_and_wait(Work work, Answer failed) {
  auto value = std::make_shared<Answer>(failed);
  auto answer = std::make_shared<std::promise<Answer>>();
  std::future<Answer> future = answer->get_future();
  enqueue({[work = std::move(work), value](Connection& db) {
             *value = work(db);
             return WriteResult{*value ? WriteStatus::Ok : WriteStatus::Failed, std::nullopt, {}};
           },
           // Answered after the commit: a write rolled back, or never run (shutting down), is `failed`.
           [answer, value, failed](WriteResult result) {
             answer->set_value(result.status == WriteStatus::Ok ? *value : failed);
           }});
  return future.get();
}

template <typename Flavor>
std::string SqlStore<Flavor>::organization_id() {
  return organization_id_;
}

}  // namespace appnotify::server
