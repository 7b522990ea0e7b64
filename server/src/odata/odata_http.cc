#include "odata/odata_http.h"

#include <cctype>
#include <string_view>

#include "appnotify/guid.h"
#include "http/error_response.h"

namespace appnotify::server {

std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

HttpResponse json_response(int status, const std::string& body) {
  HttpResponse response;
  response.status = status;
  response.headers["Content-Type"] = "application/json; odata.metadata=minimal";
  response.headers["OData-Version"] = "4.0";
  response.body = body;
  return response;
}

HttpResponse no_content() {
  HttpResponse response;
  response.status = 204;
  response.headers["OData-Version"] = "4.0";
  return response;
}

HttpResponse not_found(const std::string& what) {
  return error_response(404, kObjectDoesNotExist, "not_found", what + " does not exist.");
}

HttpResponse method_not_allowed(const std::string& allow) {
  HttpResponse response =
      error_response(405, kMethodNotAllowed, "method_not_allowed", "This resource accepts " + allow + " only.");
  response.headers["Allow"] = allow;
  return response;
}

bool is_guid(const std::string& text) { return parse_guid(text).has_value() && text.size() == 36; }

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::optional<std::string> preference_item(const HttpRequest& request, const std::string& name) {
  const std::string prefer = request.header("prefer");
  std::size_t begin = 0;
  while (begin < prefer.size()) {
    std::size_t end = prefer.find(',', begin);
    if (end == std::string::npos) end = prefer.size();
    std::string item = prefer.substr(begin, end - begin);
    begin = end + 1;
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    const std::size_t equals = item.find('=');
    if (lower(item.substr(0, equals)) != name) continue;
    return equals == std::string::npos ? "" : item.substr(equals + 1);
  }
  return std::nullopt;
}

std::string preference(const HttpRequest& request, const std::string& name) {
  return preference_item(request, name).value_or("");
}

HttpResponse validation_error(const ValidationResult& result) {
  const std::string count = std::to_string(result.errors.size());
  std::string message = result.errors.front().message;
  if (result.errors.size() > 1) message = count + " problems; the first: " + message;
  return error_response(400, kInvalidArgument, result.errors.front().code, message, result.errors);
}

std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || std::string_view("-._~$(),'").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string collection_context(const std::string& base, const std::vector<std::string>& select) {
  std::string context = base + "$metadata#appnotifications";
  if (select.empty()) return context;
  context += "(";
  for (std::size_t i = 0; i < select.size(); ++i) context += (i ? "," : "") + select[i];
  return context + ")";
}

std::optional<HttpResponse> write_failure(const WriteResult& written, const std::string& what) {
  switch (written.status) {
    case WriteStatus::Ok: return std::nullopt;
    case WriteStatus::NotFound: return not_found(what);
    case WriteStatus::Conflict:
      return error_response(412, kDuplicateRecord, "duplicate_key", "A notification with this id already exists.");
    case WriteStatus::Failed: break;
  }
  HttpResponse response =
      error_response(503, kUnavailable, "storage_unavailable", "The notification could not be stored; try again.");
  response.headers["Retry-After"] = "1";
  return response;
}

}  // namespace appnotify::server
