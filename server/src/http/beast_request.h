// A request as Beast parsed it, turned into the API's plain HttpRequest (decoded path and query,
// lowercase header names). Shared by the server and its request fuzzer, so both run the same code.
#pragma once

#include <boost/beast/http.hpp>

#include "http/http_types.h"

namespace appnotify::server {

// False when the path or the query has a bad %-escape (or a query names a parameter twice).
bool to_http_request(const boost::beast::http::request<boost::beast::http::string_body>& in, HttpRequest& out);

// What makes a request's framing ambiguous, or "" when its body's length is certain: a
// Transfer-Encoding other than exactly "chunked", one beside a Content-Length, or a Content-Length
// given twice. A server and a proxy in front of it could otherwise read a different body, and the
// rest as another request (request smuggling), so such a request is refused before its body.
std::string framing_problem(const boost::beast::http::request_header<>& in);

}  // namespace appnotify::server
