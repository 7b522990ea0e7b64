#include "http/error_response.h"

#include <nlohmann/json.hpp>

namespace appnotify::server {

HttpResponse error_response(int status, const std::string& dataverse_code, const std::string& code,
                            const std::string& message, const Problems& problems) {
  using Json = nlohmann::ordered_json;
  Json details = Json::array();
  for (const Problem& p : problems) details.push_back({{"code", p.code}, {"path", p.path}, {"message", p.message}});
  Json body = {
      {"error",
       {{"code", dataverse_code}, {"message", message}, {"appnotify", {{"code", code}, {"problems", details}}}}}};
  HttpResponse response;
  response.status = status;
  response.headers["Content-Type"] = "application/json; odata.metadata=minimal";
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

HttpResponse unavailable_response() {
  HttpResponse response =
      error_response(503, kUnavailable, "storage_unavailable", "The database cannot be reached; try again shortly.");
  response.headers["Retry-After"] = "1";
  return response;
}

HttpResponse statement_timeout_response() {
  HttpResponse response = error_response(503, kUnavailable, "store.timeout",
                                         "The database did not answer within its deadline (--statement-timeout); try "
                                         "again shortly, or narrow the query.");
  response.headers["Retry-After"] = "1";
  return response;
}

}  // namespace appnotify::server
