#include "http/beast_request.h"

#include <cctype>

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

}  // namespace appnotify::server
