// Where the issuer's keys come from, and when they are read again: a JWKS file (read again
// whenever it changes: its size, modification time or inode) or an http(s) URL, the provider's
// jwks_uri (fetched at start, again when a token names a kid the set does not have, but at most
// once per `min_refetch_ms`, so a flood of made-up kids cannot make appnotifyd hammer the
// provider, and once an hour to let removed keys go). Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "auth/jwk_set.h"

namespace appnotify::server {

class JwksSource {
 public:
  // A file path or an http(s) URL. A file must be a valid key set now (else nullptr and `error`);
  // a URL that cannot be fetched now is logged and tried again when a token needs it.
  static std::unique_ptr<JwksSource> open(const std::string& source, std::int64_t now_ms, std::string& error);

  // The keys as last read; a file is first read again when it has changed, a URL when its set is
  // older than max_age_ms.
  std::shared_ptr<const JwkSet> keys(std::int64_t now_ms);
  // A token named a kid that keys() lacks: reads the source again unless the rate limit says no
  // (or another thread is reading it now). True when a new set was installed.
  bool refresh_for_unknown_kid(std::int64_t now_ms);
  // A number that changes whenever a new set is installed (cached verdicts of tokens carry it).
  std::uint64_t generation();

  std::int64_t min_refetch_ms = 5000;
  std::int64_t max_age_ms = 3600 * 1000;  // a URL's set is fetched again after this long

 private:
  explicit JwksSource(std::string source, bool url) : source_(std::move(source)), url_(url) {}
  bool read(std::string& error);                               // installs the set on success
  bool refresh(std::int64_t now_ms, std::int64_t min_age_ms);  // a URL, unless read within min_age_ms
  bool file_changed();
  void install(JwkSet set);

  const std::string source_;
  const bool url_;
  std::mutex mutex_;       // guards the fields below
  std::mutex read_mutex_;  // held while reading the source
  std::shared_ptr<const JwkSet> keys_ = std::make_shared<JwkSet>();
  std::uint64_t generation_ = 0;
  std::int64_t last_read_ms_ = 0;
  std::string file_stamp_;
};

}  // namespace appnotify::server
