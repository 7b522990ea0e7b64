// What the HTTP server hands requests to: the Web API, the push stream and whatever is composed
// with them in serve. The server knows none of them, only this.
#pragma once

#include "http/http_types.h"

namespace appnotify::server {

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Returns false at once when the request is not this handler's; otherwise true, and answers
  // through `reply` exactly once, now or later, from any thread.
  virtual bool handle(const HttpRequest& request, const Reply& reply) = 0;
};

}  // namespace appnotify::server
