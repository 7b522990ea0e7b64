#include "auth/jwks_source.h"

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/metrics.h"

namespace appnotify::server {
namespace {

// What says that a file changed: inode, size and modification time (nanoseconds).
std::string stamp_of(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return "";
  return std::to_string(info.st_ino) + ":" + std::to_string(info.st_size) + ":" + std::to_string(info.st_mtim.tv_sec) +
         "." + std::to_string(info.st_mtim.tv_nsec);
}

void log_warning(const std::string& text) { std::cerr << nlohmann::json({{"warning", text}}).dump() << std::endl; }

}  // namespace

std::unique_ptr<JwksSource> JwksSource::open(const std::string& source, std::int64_t now_ms, HttpClient* client,
                                             std::string& error) {
  if (is_http_url(source)) {
    if (client == nullptr) return error = "no outbound client to fetch " + source, nullptr;
    if (source.rfind("http://", 0) == 0) {
      log_warning("--jwt-jwks " + source + " is fetched without TLS: anyone on the path can swap the keys; use https");
    }
    std::unique_ptr<JwksSource> jwks(new JwksSource(source, client));
    jwks->fetch(now_ms, 0);
    return jwks;
  }
  std::unique_ptr<JwksSource> jwks(new JwksSource(source, nullptr));
  if (!jwks->read_file(error)) return nullptr;
  return jwks;
}

bool JwksSource::read_file(std::string& error) {
  const std::string stamp = stamp_of(source_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    file_stamp_ = stamp;  // a broken file is not read again until it changes
  }
  std::ifstream file(source_, std::ios::binary);
  if (!file) {
    error = "cannot read the JWKS file " + source_;
    return false;
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  return install(buffer.str(), error);
}

bool JwksSource::install(const std::string& text, std::string& error) {
  std::optional<JwkSet> set = parse_jwk_set(text, error);
  if (!set) {
    error = source_ + ": " + error;
    return false;
  }
  for (const std::string& note : set->notes) log_warning(source_ + ": " + note);
  if (set->keys.empty()) {
    error = source_ + ": the key set has no key that appnotifyd can use";
    return false;
  }
  auto keys = std::make_shared<const JwkSet>(std::move(*set));
  std::lock_guard<std::mutex> lock(mutex_);
  keys_ = std::move(keys);
  ++generation_;
  return true;
}

void JwksSource::fetch(std::int64_t now_ms, std::int64_t min_age_ms) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (in_flight_) return;
    if (fetch_started_ && now_ms - last_fetch_ms_ < min_age_ms && now_ms >= last_fetch_ms_) return;
    fetch_started_ = true;
    in_flight_ = true;
    last_fetch_ms_ = now_ms;
  }
  OutboundRequest request;
  request.url = source_;
  request.headers = {{"Accept", "application/json"}};
  client_->send(std::move(request),
                [this](std::optional<OutboundResponse> answer, const std::string& error) { fetched(answer, error); });
}

void JwksSource::fetched(const std::optional<OutboundResponse>& answer, const std::string& error) {
  std::string problem;
  if (!answer) {
    problem = "cannot fetch the JWKS from " + source_ + ": " + error;
  } else if (answer->status != 200) {
    problem = "cannot fetch the JWKS from " + source_ + ": the answer was HTTP " + std::to_string(answer->status);
  } else {
    install(answer->body, problem);
  }
  if (!problem.empty()) log_warning(problem + "; the previous keys stay");
  Metrics::process().count("appnotify_jwks_fetches_total", {{"result", problem.empty() ? "ok" : "failed"}});
  std::vector<std::function<void()>> waiting;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_ = false;
    waiting.swap(waiting_);
  }
  for (auto& then : waiting) then();
}

bool JwksSource::file_changed() {
  const std::string stamp = stamp_of(source_);
  std::lock_guard<std::mutex> lock(mutex_);
  return stamp != file_stamp_;
}

std::shared_ptr<const JwkSet> JwksSource::keys(std::int64_t now_ms) {
  if (client_) {
    fetch(now_ms, max_age_ms);
  } else if (file_changed()) {
    std::lock_guard<std::mutex> reading(read_mutex_);
    std::string error;
    if (file_changed() && !read_file(error)) log_warning(error + "; the previous keys stay");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_;
}

void JwksSource::refresh_for_unknown_kid(std::int64_t now_ms) {
  if (client_) fetch(now_ms, min_refetch_ms);  // keys() has read a changed file already
}

bool JwksSource::fetching() {
  std::lock_guard<std::mutex> lock(mutex_);
  return in_flight_;
}

void JwksSource::when_fetched(std::function<void()> then) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (in_flight_ && waiting_.size() < kMaxWaiting) {
      waiting_.push_back(std::move(then));
      return;
    }
  }
  then();
}

std::uint64_t JwksSource::generation() {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

}  // namespace appnotify::server
