// Where the issuer's keys come from, and when they are read again: a JWKS file (read again
// whenever it changes: its size, modification time or inode) or an http(s) URL, the provider's
// jwks_uri. A URL is fetched in the background through the outbound client (http/http_client.h),
// never on a request thread: at start, when its set is older than max_age_ms, and when a token
// names a kid the set does not have, but then at most once per `min_refetch_ms`, so a flood of
// made-up kids cannot make appnotifyd hammer the provider. The old set stays until a new one
// arrives. A request whose token names an unknown kid while a fetch is in flight waits for it
// without holding a thread (when_fetched). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "auth/jwk_set.h"
#include "http/http_client.h"

namespace appnotify::server {

class JwksSource {
 public:
  // A file path, or an http(s) URL fetched through `client` (which must outlive the source). A
  // file must be a valid key set now (else nullptr and `error`); a URL's first fetch starts now,
  // and one that fails is logged and tried again when a token needs it.
  static std::unique_ptr<JwksSource> open(const std::string& source, std::int64_t now_ms, HttpClient* client,
                                          std::string& error);

  // The keys as last read; never waits. A file is first read again when it has changed; a URL's
  // set older than max_age_ms is fetched again in the background.
  std::shared_ptr<const JwkSet> keys(std::int64_t now_ms);
  // A token named a kid that keys() lacks: a URL is fetched again in the background unless the
  // rate limit says no.
  void refresh_for_unknown_kid(std::int64_t now_ms);
  // Whether a fetch is in flight now.
  bool fetching();
  // Runs `then` once the fetch in flight has ended, on the outbound client's thread; at once when
  // none is (or when too many are waiting already).
  void when_fetched(std::function<void()> then);
  // A number that changes whenever a new set is installed (cached verdicts of tokens carry it).
  std::uint64_t generation();

  std::int64_t min_refetch_ms = 5000;
  std::int64_t max_age_ms = 3600 * 1000;  // a URL's set is fetched again after this long
  static constexpr std::size_t kMaxWaiting = 10000;

 private:
  JwksSource(std::string source, HttpClient* client) : source_(std::move(source)), client_(client) {}
  bool read_file(std::string& error);  // installs the set on success
  // Parses `text` and installs it: false and `error` when it holds no usable key.
  bool install(const std::string& text, std::string& error);
  // Starts a background fetch unless one is in flight or the last began within `min_age_ms`.
  void fetch(std::int64_t now_ms, std::int64_t min_age_ms);
  void fetched(const std::optional<OutboundResponse>& answer, const std::string& error);
  bool file_changed();

  const std::string source_;
  HttpClient* const client_;  // nullptr for a file
  std::mutex mutex_;          // guards the fields below
  std::mutex read_mutex_;     // held while reading a file
  std::shared_ptr<const JwkSet> keys_ = std::make_shared<JwkSet>();
  std::uint64_t generation_ = 0;
  std::int64_t last_fetch_ms_ = 0;
  bool fetch_started_ = false;  // at least one fetch began (the first is never rate limited)
  bool in_flight_ = false;
  std::vector<std::function<void()>> waiting_;
  std::string file_stamp_;
};

}  // namespace appnotify::server
