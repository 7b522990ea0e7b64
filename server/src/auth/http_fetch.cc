#include "auth/http_fetch.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

namespace appnotify::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct Url {
  bool tls = false;
  std::string host, port, target;
};

std::optional<Url> parse_url(const std::string& url) {
  Url out;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    out.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return std::nullopt;
  }
  const std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  std::size_t colon = authority.rfind(':');
  if (authority.front() == '[') {  // [::1]:8443
    const std::size_t close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    out.host = authority.substr(1, close - 1);
    colon = authority.size() > close + 1 && authority[close + 1] == ':' ? close + 1 : std::string::npos;
  } else {
    out.host = authority.substr(0, colon);
  }
  out.port = colon == std::string::npos ? (out.tls ? "443" : "80") : authority.substr(colon + 1);
  if (out.host.empty() || out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return out;
}

template <typename Stream>
std::optional<std::string> exchange(Stream& stream, beast::tcp_stream& tcp_layer, const Url& url,
                                    const FetchLimits& limits, std::string& error) {
  http::request<http::empty_body> request{http::verb::get, url.target, 11};
  request.set(http::field::host, url.host);
  request.set(http::field::user_agent, "appnotifyd");
  request.set(http::field::accept, "application/json");
  beast::error_code ec;
  tcp_layer.expires_after(limits.timeout);
  http::write(stream, request, ec);
  if (ec) return error = "sending the request failed: " + ec.message(), std::nullopt;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(limits.max_bytes);
  http::read(stream, buffer, parser, ec);
  if (ec) return error = "reading the answer failed: " + ec.message(), std::nullopt;
  if (parser.get().result_int() != 200) {
    error = "the answer was HTTP " + std::to_string(parser.get().result_int());
    return std::nullopt;
  }
  return parser.get().body();
}

}  // namespace

bool is_http_url(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

std::optional<std::string> http_get(const std::string& url, const FetchLimits& limits, std::string& error) {
  const std::optional<Url> parsed = parse_url(url);
  if (!parsed) return error = "not an http(s) URL: " + url, std::nullopt;
  net::io_context ioc;
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(parsed->host, parsed->port, ec);
  if (ec) return error = "cannot resolve " + parsed->host + ": " + ec.message(), std::nullopt;
  if (!parsed->tls) {
    beast::tcp_stream stream(ioc);
    stream.expires_after(limits.timeout);
    stream.connect(endpoints, ec);
    if (ec) return error = "cannot connect to " + parsed->host + ":" + parsed->port + ": " + ec.message(), std::nullopt;
    return exchange(stream, stream, *parsed, limits, error);
  }
  ssl::context context(ssl::context::tls_client);
  context.set_default_verify_paths(ec);
  context.set_verify_mode(ssl::verify_peer);
  context.set_verify_callback(ssl::host_name_verification(parsed->host));
  beast::ssl_stream<beast::tcp_stream> stream(ioc, context);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), parsed->host.c_str())) {
    return error = "cannot set the TLS server name", std::nullopt;
  }
  beast::get_lowest_layer(stream).expires_after(limits.timeout);
  beast::get_lowest_layer(stream).connect(endpoints, ec);
  if (ec) return error = "cannot connect to " + parsed->host + ":" + parsed->port + ": " + ec.message(), std::nullopt;
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) return error = "TLS handshake with " + parsed->host + " failed: " + ec.message(), std::nullopt;
  return exchange(stream, beast::get_lowest_layer(stream), *parsed, limits, error);
}

}  // namespace appnotify::server
