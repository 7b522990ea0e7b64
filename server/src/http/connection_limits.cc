#include "http/connection_limits.h"

#include <dirent.h>
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>

namespace appnotify::server {
namespace {

std::size_t open_files() {
  std::size_t count = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir) != nullptr) ++count;
    closedir(dir);
  }
  return count;
}

}  // namespace

bool is_loopback(const std::string& address) {
  boost::system::error_code ec;
  const boost::asio::ip::address parsed = boost::asio::ip::make_address(address, ec);
  if (ec) return false;
  if (parsed.is_v6() && parsed.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, parsed.to_v6()).is_loopback();
  }
  return parsed.is_loopback();
}

ConnectionLimits::ConnectionLimits(std::size_t max_total, std::size_t max_per_address,
                                   std::function<bool(const std::string&)> unlimited_address)
    : max_total_(max_total), max_per_address_(max_per_address), unlimited_address_(std::move(unlimited_address)) {}

ConnectionLimits::Over ConnectionLimits::over(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (open_ >= max_total_) return Over::Total;
  const auto found = by_address_.find(address);
  if (found != by_address_.end() && found->second >= max_per_address_ && !is_loopback(address) &&
      !(unlimited_address_ && unlimited_address_(address))) {
    return Over::Address;
  }
  return Over::None;
}

std::shared_ptr<void> ConnectionLimits::take(const std::string& address) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++open_;
    ++by_address_[address];
  }
  // The slot is an empty object whose deleter gives the count back.
  return std::shared_ptr<void>(nullptr, [this, address](void*) { release(address); });
}

void ConnectionLimits::release(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  --open_;
  const auto found = by_address_.find(address);
  if (found != by_address_.end() && --found->second == 0) by_address_.erase(found);
}

std::size_t ConnectionLimits::open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

std::size_t connections_that_fit(std::size_t wanted, std::size_t reserved) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return wanted;
  if (files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  if (files.rlim_cur == RLIM_INFINITY) return wanted;
  // Under a small limit, half of it at least goes to connections.
  const std::size_t used = open_files() + std::min<std::size_t>(reserved, files.rlim_cur / 2);
  const std::size_t room = files.rlim_cur > used ? files.rlim_cur - used : 0;
  return std::max<std::size_t>(1, std::min(wanted, room));
}

}  // namespace appnotify::server
