#include "records_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "appnotify/timestamp.h"

namespace appnotify::server {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

std::string etag_of(const StoredNotification& record) { return "W/\"" + std::to_string(record.version) + "\""; }

std::string record_json(const StoredNotification& n, const std::vector<std::string>& select,
                        const std::string& context) {
  const auto wanted = [&](const char* column) {
    return select.empty() || std::find(select.begin(), select.end(), column) != select.end();
  };
  Json out = Json::object();
  if (!context.empty()) out["@odata.context"] = context;
  out["@odata.etag"] = etag_of(n);
  out["appnotificationid"] = n.id;
  if (wanted("title")) out["title"] = n.title;
  if (wanted("body")) out["body"] = n.body ? Json(*n.body) : Json();
  if (wanted("icontype")) out["icontype"] = n.icontype;
  if (wanted("toasttype")) out["toasttype"] = n.toasttype;
  if (wanted("priority")) out["priority"] = n.priority;
  if (wanted("ttlinseconds")) out["ttlinseconds"] = n.ttl_seconds ? Json(*n.ttl_seconds) : Json();
  if (wanted("data")) out["data"] = n.data ? Json(*n.data) : Json();
  if (wanted("createdon")) out["createdon"] = format_timestamp(n.created_ms);
  if (wanted("modifiedon")) out["modifiedon"] = format_timestamp(n.modified_ms);
  if (wanted("_ownerid_value")) out["_ownerid_value"] = n.owner;
  if (wanted("_createdby_value")) out["_createdby_value"] = n.created_by;
  return dump(out);
}

std::string record_as_payload(const StoredNotification& n) {
  Json out = Json::object();
  out["title"] = n.title;
  if (n.body) out["body"] = *n.body;
  out["owner"] = n.owner;
  out["icontype"] = n.icontype;
  out["toasttype"] = n.toasttype;
  out["priority"] = n.priority;
  if (n.ttl_seconds) out["ttlinseconds"] = *n.ttl_seconds;
  if (n.data) out["data"] = *n.data;
  return dump(out);
}

HttpResponse error_response(int status, const std::string& dataverse_code, const std::string& code,
                            const std::string& message, const Problems& problems) {
  Json details = Json::array();
  for (const Problem& p : problems) details.push_back({{"code", p.code}, {"path", p.path}, {"message", p.message}});
  Json body = {
      {"error",
       {{"code", dataverse_code}, {"message", message}, {"appnotify", {{"code", code}, {"problems", details}}}}}};
  HttpResponse response;
  response.status = status;
  response.headers["Content-Type"] = "application/json; odata.metadata=minimal";
  response.body = dump(body);
  return response;
}

}  // namespace appnotify::server
