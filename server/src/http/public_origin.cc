#include "http/public_origin.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace appnotify::server {
namespace {

namespace ip = boost::asio::ip;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
  return first == std::string_view::npos ? "" : std::string(text.substr(first, last - first + 1));
}

std::string unquote(std::string text) {
  return text.size() >= 2 && text.front() == '"' && text.back() == '"' ? text.substr(1, text.size() - 2) : text;
}

// The last of a comma-separated list: what the proxy nearest to us added.
std::string last_of_list(const std::string& list) {
  const std::size_t comma = list.rfind(',');
  return trim(comma == std::string::npos ? list : std::string_view(list).substr(comma + 1));
}

// proto and host of the last element of a Forwarded header (RFC 7239), "" where absent.
std::pair<std::string, std::string> forwarded_element(const std::string& header) {
  std::string proto, host;
  std::string element;
  bool quoted = false;
  for (char c : header) {  // the last element: the text after the last comma outside quotes
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      element.clear();
    } else {
      element += c;
    }
  }
  std::size_t start = 0;
  while (start <= element.size()) {
    const std::size_t end = std::min(element.find(';', start), element.size());
    const std::string pair = trim(std::string_view(element).substr(start, end - start));
    const std::size_t equals = pair.find('=');
    if (equals != std::string::npos) {
      const std::string name = lower(trim(pair.substr(0, equals)));
      const std::string value = unquote(trim(pair.substr(equals + 1)));
      if (name == "proto") proto = lower(value);
      if (name == "host") host = value;
    }
    start = end + 1;
  }
  return {proto, host};
}

// "host:port" split at its last colon outside brackets; port "" when there is none.
std::pair<std::string, std::string> split_port(const std::string& authority) {
  const std::size_t colon = authority.rfind(':');
  const std::size_t bracket = authority.rfind(']');
  if (colon == std::string::npos || (bracket != std::string::npos && colon < bracket)) return {authority, ""};
  return {authority.substr(0, colon), authority.substr(colon + 1)};
}

// Whether `host` (a Host header) names the address the connection came in on, `local`
// ("127.0.0.1:8080", "[::1]:8080"): that address itself, or on loopback localhost with its port.
bool names_local(const std::string& host, const std::string& local) {
  if (host.empty() || local.empty()) return false;
  const auto [local_host, local_port] = split_port(local);
  auto [name, port] = split_port(lower(host));
  if (port.empty()) port = "80";
  if (port != local_port) return false;
  if (name == local_host) return true;
  boost::system::error_code ec;
  const std::string bare =
      local_host.size() > 1 && local_host.front() == '[' ? local_host.substr(1, local_host.size() - 2) : local_host;
  const ip::address address = ip::make_address(bare, ec);
  return !ec && address.is_loopback() && (name == "localhost" || name == "127.0.0.1" || name == "[::1]");
}

// The address as IPv4 when it is an IPv4-mapped IPv6 one.
ip::address unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

bool in_block(const ip::address& address, const ip::address& block, unsigned prefix) {
  if (address.is_v4() != block.is_v4()) return false;
  const auto bytes = [](const ip::address& a) {
    if (a.is_v4()) {
      const auto b = a.to_v4().to_bytes();
      return std::vector<unsigned char>(b.begin(), b.end());
    }
    const auto b = a.to_v6().to_bytes();
    return std::vector<unsigned char>(b.begin(), b.end());
  };
  const std::vector<unsigned char> a = bytes(address), b = bytes(block);
  for (unsigned bit = 0; bit < prefix; ++bit) {
    const unsigned char mask = static_cast<unsigned char>(0x80 >> (bit % 8));
    if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

bool is_plain_authority(const std::string& host) {
  return !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view(".-_:[]").find(c) != std::string_view::npos;
  });
}

std::optional<PublicOrigin> PublicOrigin::create(const std::string& public_url,
                                                 const std::vector<std::string>& trusted_proxies, std::string& error) {
  PublicOrigin origin;
  if (!public_url.empty()) {
    const std::size_t scheme_end = public_url.find("://");
    const std::string scheme = scheme_end == std::string::npos ? "" : lower(public_url.substr(0, scheme_end));
    const std::string rest = scheme_end == std::string::npos ? "" : public_url.substr(scheme_end + 3);
    const std::size_t slash = rest.find('/');
    const std::string authority = lower(rest.substr(0, slash));
    std::string path = slash == std::string::npos ? "" : rest.substr(slash);
    while (!path.empty() && path.back() == '/') path.pop_back();
    const bool path_ok = std::all_of(path.begin(), path.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) ||
             std::string_view("-._~/%").find(c) != std::string_view::npos;
    });
    if ((scheme != "http" && scheme != "https") || !is_plain_authority(authority) || !path_ok) {
      error =
          "--public-url takes the URL clients reach appnotifyd at, such as https://notify.example.com (a path may "
          "follow; no query), not \"" +
          public_url + "\"";
      return std::nullopt;
    }
    origin.public_url_ = scheme + "://" + authority + path;
  }
  for (const std::string& entry : trusted_proxies) {
    const std::size_t slash = entry.find('/');
    boost::system::error_code ec;
    const ip::address address = unmapped(ip::make_address(entry.substr(0, slash), ec));
    const unsigned most = !ec && address.is_v4() ? 32 : 128;
    unsigned prefix = most;
    bool ok = !ec;
    if (ok && slash != std::string::npos) {
      const std::string bits = entry.substr(slash + 1);
      ok = !bits.empty() && bits.size() <= 3 && bits.find_first_not_of("0123456789") == std::string::npos &&
           static_cast<unsigned>(std::stoi(bits)) <= most;
      if (ok) prefix = static_cast<unsigned>(std::stoi(bits));
    }
    if (!ok) {
      error =
          "--trusted-proxy takes an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8, not \"" + entry + "\"";
      return std::nullopt;
    }
    origin.proxies_.emplace_back(address, prefix);
  }
  return origin;
}

bool PublicOrigin::trusts(const std::string& peer_address) const {
  boost::system::error_code ec;
  const ip::address peer = unmapped(ip::make_address(peer_address, ec));
  if (ec) return false;
  return std::any_of(proxies_.begin(), proxies_.end(),
                     [&](const auto& block) { return in_block(peer, block.first, block.second); });
}

std::string PublicOrigin::for_request(const HttpRequest& request) const {
  if (!public_url_.empty()) return public_url_;
  const std::string host = request.header("host");
  if (!proxies_.empty() && trusts(request.peer_address)) {
    auto [proto, forwarded_host] = forwarded_element(request.header("forwarded"));
    if (proto.empty()) proto = lower(last_of_list(request.header("x-forwarded-proto")));
    if (forwarded_host.empty()) forwarded_host = last_of_list(request.header("x-forwarded-host"));
    if (forwarded_host.empty()) forwarded_host = host;
    if (proto != "https") proto = "http";
    if (is_plain_authority(forwarded_host)) return proto + "://" + lower(forwarded_host);
  }
  if (is_plain_authority(host) && names_local(host, request.local_authority)) return "http://" + lower(host);
  return "http://" + (request.local_authority.empty() ? std::string("localhost") : request.local_authority);
}

}  // namespace appnotify::server
