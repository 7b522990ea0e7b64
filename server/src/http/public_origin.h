// Where the absolute links of an answer point (@odata.context, @odata.nextLink and deltaLink,
// OData-EntityId, Location): the URL by which clients reach appnotifyd, which behind a TLS proxy is
// not the one it listens on. In order:
//   1. --public-url, when given: every link starts with it, whatever the request says;
//   2. a request from a --trusted-proxy address: the scheme and host that proxy forwarded (the
//      last element of Forwarded, else the last X-Forwarded-Proto / X-Forwarded-Host);
//   3. otherwise "http://" and the Host header only when it names the address the connection came
//      in on (or, on a loopback address, localhost with its port); any other Host, which anyone can
//      send, is never reflected: the links name the address the connection came in on.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/http_types.h"

namespace appnotify::server {

class PublicOrigin {
 public:
  PublicOrigin() = default;  // no public URL, no trusted proxy

  // `public_url`: "" or "http(s)://host[:port][/path]" (no query, no trailing slash needed);
  // `trusted_proxies`: addresses or CIDR blocks ("10.0.0.0/8", "::1"). nullopt and `error`, which
  // names the flag and the problem, for anything else.
  static std::optional<PublicOrigin> create(const std::string& public_url,
                                            const std::vector<std::string>& trusted_proxies, std::string& error);

  // The scheme, authority and path prefix, without a trailing slash, that `request`'s links start
  // with, such as "https://notify.example.com" or "http://127.0.0.1:8080".
  std::string for_request(const HttpRequest& request) const;

  bool has_public_url() const { return !public_url_.empty(); }
  // Whether `peer_address` is in a --trusted-proxy block.
  bool trusts(const std::string& peer_address) const;

 private:
  std::string public_url_;
  // Each trusted block as its address and prefix length.
  std::vector<std::pair<boost::asio::ip::address, unsigned>> proxies_;
};

// Whether `host` is a plain authority: letters, digits and . - _ : [ ] only, 1 to 255 of them.
bool is_plain_authority(const std::string& host);

}  // namespace appnotify::server
