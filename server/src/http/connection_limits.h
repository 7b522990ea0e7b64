// How many connections appnotifyd holds at once, in total and per client address (--max-connections,
// --max-connections-per-address), so that nobody can take every file descriptor. A connection holds
// a slot from its accept until it closes, through its event stream if it becomes one. The server
// makes room for a newcomer over a limit by closing the longest-idle keep-alive connection (of its
// address, for the per-address limit), and refuses it only when none is idle.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace appnotify::server {

class ConnectionLimits {
 public:
  enum class Over { None, Total, Address };

  // The per-address limit applies to neither loopback addresses (a proxy on this machine) nor those
  // `unlimited_address` names (trusted proxies): both carry many clients' connections.
  ConnectionLimits(std::size_t max_total, std::size_t max_per_address,
                   std::function<bool(const std::string&)> unlimited_address);

  // Which limit a new connection from `address` would pass, if any.
  Over over(const std::string& address) const;
  // Counts a connection from `address` until the returned slot is released.
  std::shared_ptr<void> take(const std::string& address);

  std::size_t open() const;
  std::size_t max_total() const { return max_total_; }
  std::size_t max_per_address() const { return max_per_address_; }

 private:
  void release(const std::string& address);

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  const std::function<bool(const std::string&)> unlimited_address_;
  mutable std::mutex mutex_;
  std::size_t open_ = 0;
  std::unordered_map<std::string, std::size_t> by_address_;
};

// Whether `address` (an IP address as text, IPv4-mapped or not) is a loopback one.
bool is_loopback(const std::string& address);

// Raises the soft limit on open files to the hard one and answers how many connections fit under
// it, keeping `reserved` files beside those already open (database connections, outbound fetches).
std::size_t connections_that_fit(std::size_t wanted, std::size_t reserved);

}  // namespace appnotify::server
