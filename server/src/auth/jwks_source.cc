#include "auth/jwks_source.h"

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "auth/http_fetch.h"

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

std::unique_ptr<JwksSource> JwksSource::open(const std::string& source, std::int64_t now_ms, std::string& error) {
  const bool url = is_http_url(source);
  std::unique_ptr<JwksSource> jwks(new JwksSource(source, url));
  jwks->last_read_ms_ = now_ms;
  if (jwks->read(error)) return jwks;
  if (!url) return nullptr;
  log_warning(error + " (at start; tried again when a token needs it)");
  error.clear();
  return jwks;
}

bool JwksSource::read(std::string& error) {
  std::string text;
  std::string stamp;
  if (url_) {
    std::optional<std::string> body = http_get(source_, FetchLimits{}, error);
    if (!body) {
      error = "cannot fetch the JWKS from " + source_ + ": " + error;
    } else {
      text = std::move(*body);
    }
  } else {
    stamp = stamp_of(source_);
    std::ifstream file(source_, std::ios::binary);
    if (!file) {
      error = "cannot read the JWKS file " + source_;
    } else {
      std::stringstream buffer;
      buffer << file.rdbuf();
      text = buffer.str();
    }
  }
  if (!url_) {
    std::lock_guard<std::mutex> lock(mutex_);
    file_stamp_ = stamp;  // a broken file is not read again until it changes
  }
  if (!error.empty()) return false;
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
  install(std::move(*set));
  return true;
}

void JwksSource::install(JwkSet set) {
  auto keys = std::make_shared<const JwkSet>(std::move(set));
  std::lock_guard<std::mutex> lock(mutex_);
  keys_ = std::move(keys);
  ++generation_;
}

bool JwksSource::file_changed() {
  const std::string stamp = stamp_of(source_);
  std::lock_guard<std::mutex> lock(mutex_);
  return stamp != file_stamp_;
}

std::shared_ptr<const JwkSet> JwksSource::keys(std::int64_t now_ms) {
  if (url_) {
    bool stale;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stale = now_ms - last_read_ms_ >= max_age_ms;
    }
    if (stale) refresh(now_ms, max_age_ms);
  } else if (file_changed()) {
    std::lock_guard<std::mutex> reading(read_mutex_);
    std::string error;
    if (file_changed() && !read(error)) log_warning(error + "; the previous keys stay");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_;
}

bool JwksSource::refresh_for_unknown_kid(std::int64_t now_ms) {
  return url_ && refresh(now_ms, min_refetch_ms);  // keys() has read a changed file already
}

bool JwksSource::refresh(std::int64_t now_ms, std::int64_t min_age_ms) {
  std::unique_lock<std::mutex> reading(read_mutex_, std::try_to_lock);
  if (!reading.owns_lock()) return false;  // being read right now
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (now_ms - last_read_ms_ < min_age_ms && now_ms >= last_read_ms_) return false;
    last_read_ms_ = now_ms;
  }
  std::string error;
  if (read(error)) return true;
  log_warning(error);
  return false;
}

std::uint64_t JwksSource::generation() {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

}  // namespace appnotify::server
