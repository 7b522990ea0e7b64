// How the Web API reads requests and writes answers, as Dataverse does: JSON and empty answers
// with OData-Version, the common errors, Prefer preferences, @odata.context, and what a failed
// write answers. Shared by the Api's files (api.cc, api_reads.cc, api_writes.cc).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "appnotify/validate.h"
#include "http/http_types.h"
#include "store/records.h"

namespace appnotify::server {

using Json = nlohmann::ordered_json;

std::string dump(const Json& json);  // compact, invalid UTF-8 replaced
HttpResponse json_response(int status, const std::string& body);
HttpResponse no_content();  // 204
HttpResponse not_found(const std::string& what);
HttpResponse method_not_allowed(const std::string& allow);  // 405 with Allow
bool is_guid(const std::string& text);                      // a GUID as a key spells it: 36 characters
std::string lower(std::string text);

// One Prefer preference ("return=...", "odata.maxpagesize=...", "odata.track-changes"): its value
// ("" when it has none), or nullopt when the request does not state it.
std::optional<std::string> preference_item(const HttpRequest& request, const std::string& name);
std::string preference(const HttpRequest& request, const std::string& name);  // "" when absent

// 400 with every problem the validator found.
HttpResponse validation_error(const ValidationResult& result);
std::string url_encode(const std::string& text);
// The @odata.context of the collection, with the columns of a $select.
std::string collection_context(const std::string& base, const std::vector<std::string>& select);
// The answer to a write the store did not carry out, or nullopt when it did.
std::optional<HttpResponse> write_failure(const WriteResult& written, const std::string& what);

}  // namespace appnotify::server
