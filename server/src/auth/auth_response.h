// The answer to a request whose bearer token let nobody in: 401 with WWW-Authenticate and the
// check that failed as appnotify.code, or 503 with Retry-After when the users could not be read.
#pragma once

#include "auth/authenticator.h"
#include "http/http_types.h"

namespace appnotify::server {

HttpResponse unauthenticated_response(const AuthResult& result);

}  // namespace appnotify::server
