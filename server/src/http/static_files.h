// Files under --static DIR for GET requests outside /api/ (the demo page and the package), with
// the right MIME types (application/wasm included). Paths never leave DIR.
#pragma once

#include <string>

#include "http/http_types.h"

namespace appnotify::server {

HttpResponse serve_static_file(const std::string& root, const HttpRequest& request);

}  // namespace appnotify::server
