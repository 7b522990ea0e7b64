#include "http/beast_request.h"

#include <boost/beast/core/string.hpp>
#include <cctype>
#include <string>

namespace appnotify::server {

bool to_http_request(const boost::beast::http::request<boost::beast::http::string_body>& in, HttpRequest& out) {
  out.method = std::string(in.method_string());
  const std::string target(in.target());
  const std::size_t question = target.find('?');
  bool ok = percent_decode(target.substr(0, question), out.path);
  if (question != std::string::npos) ok = ok && parse_query_string(target.substr(question + 1), out.query);
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = in.body();
  return ok;
}

std::string framing_problem(const boost::beast::http::request_header<>& in) {
  namespace http = boost::beast::http;
  const std::size_t encodings = in.count(http::field::transfer_encoding);
  const std::size_t lengths = in.count(http::field::content_length);
  if (encodings > 0) {
    if (lengths > 0) return "Transfer-Encoding and Content-Length are both given.";
    if (encodings > 1) return "Transfer-Encoding is given twice.";
    std::string value(in[http::field::transfer_encoding]);
    const auto first = value.find_first_not_of(" \t"), last = value.find_last_not_of(" \t");
    value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    if (!boost::beast::iequals(value, "chunked")) return "Transfer-Encoding must be exactly \"chunked\".";
  }
  if (lengths > 1) return "Content-Length is given twice.";
  if (lengths == 1 && in[http::field::content_length].find(',') != boost::beast::string_view::npos) {
    return "Content-Length must be one number.";
  }
  return "";
}

}  // namespace appnotify::server
