#include "http/static_files.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "http/error_response.h"

namespace appnotify::server {
namespace {

std::string mime_type(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {{".html", "text/html; charset=utf-8"},
                                                            {".js", "text/javascript; charset=utf-8"},
                                                            {".mjs", "text/javascript; charset=utf-8"},
                                                            {".css", "text/css; charset=utf-8"},
                                                            {".wasm", "application/wasm"},
                                                            {".json", "application/json"},
                                                            {".map", "application/json"},
                                                            {".svg", "image/svg+xml"},
                                                            {".png", "image/png"},
                                                            {".ico", "image/x-icon"},
                                                            {".txt", "text/plain; charset=utf-8"},
                                                            {".ts", "text/plain; charset=utf-8"},
                                                            {".md", "text/plain; charset=utf-8"}};
  const std::size_t dot = path.rfind('.');
  const auto found = dot == std::string::npos ? kTypes.end() : kTypes.find(path.substr(dot));
  return found == kTypes.end() ? "application/octet-stream" : found->second;
}

// Whether every segment of the path is an ordinary name (no "..", no ".", no backslash, no NUL).
bool safe_path(const std::string& path) {
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
    return false;
  }
  std::stringstream segments(path.substr(1));
  for (std::string segment; std::getline(segments, segment, '/');) {
    if (segment == ".." || segment == ".") return false;
  }
  return true;
}

}  // namespace

HttpResponse serve_static_file(const std::string& root, const HttpRequest& request) {
  const auto not_found = [&] {
    return error_response(404, kObjectDoesNotExist, "not_found", "Nothing is served at " + request.path + ".");
  };
  if (root.empty() || !safe_path(request.path)) return not_found();
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse response =
        error_response(405, kMethodNotAllowed, "method_not_allowed", "Files accept GET and HEAD only.");
    response.headers["Allow"] = "GET, HEAD";
    return response;
  }
  std::string path = root + request.path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) path += (path.back() == '/' ? "" : "/") + std::string("index.html");
  if (!std::filesystem::is_regular_file(path, ec)) return not_found();
  // Revalidated on every use (no-cache), answered 304 while the file is the same: a weak validator
  // from its size and modification time.
  const auto size = std::filesystem::file_size(path, ec);
  const auto modified = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
  const std::string etag =
      "W/\"" + std::to_string(size) + "-" + std::to_string(static_cast<std::uint64_t>(modified)) + "\"";
  HttpResponse response;
  response.headers["Content-Type"] = mime_type(path);
  response.headers["Cache-Control"] = "no-cache";
  response.headers["ETag"] = etag;
  response.headers["X-Content-Type-Options"] = "nosniff";
  if (request.header("if-none-match") == etag) {
    response.status = 304;
    return response;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return not_found();
  std::stringstream body;
  body << file.rdbuf();
  response.body = body.str();
  return response;
}

}  // namespace appnotify::server
