// Records in the Web API's JSON (Dataverse's shape).
#pragma once

#include <string>
#include <vector>

#include "store/records.h"

namespace appnotify::server {

// The record as the Web API returns it; `select` limits the columns (the id and ETag always come).
std::string record_json(const StoredNotification& record, const std::vector<std::string>& select,
                        const std::string& context);
std::string etag_of(const StoredNotification& record);  // W/"<version>"

// The same record as a create payload ("owner" form), for merging a PATCH into it.
std::string record_as_payload(const StoredNotification& record);

}  // namespace appnotify::server
