// Records and errors in the Web API's JSON (Dataverse's shapes).
#pragma once

#include <string>
#include <vector>

#include "appnotify/problem.h"
#include "http/http_types.h"
#include "store/store.h"

namespace appnotify::server {

// The record as the Web API returns it; `select` limits the columns (the id and ETag always come).
std::string record_json(const StoredNotification& record, const std::vector<std::string>& select,
                        const std::string& context);
std::string etag_of(const StoredNotification& record);  // W/"<version>"

// The same record as a create payload ("owner" form), for merging a PATCH into it.
std::string record_as_payload(const StoredNotification& record);

// {"error": {"code": "0x...", "message": ..., "appnotify": {"code": ..., "problems": [...]}}}
HttpResponse error_response(int status, const std::string& dataverse_code, const std::string& code,
                            const std::string& message, const Problems& problems = {});

// Dataverse's error codes, by meaning.
inline constexpr const char* kInvalidArgument = "0x80040203";
inline constexpr const char* kObjectDoesNotExist = "0x80040217";
inline constexpr const char* kPrivilegeDenied = "0x80040220";
inline constexpr const char* kDuplicateRecord = "0x80040237";
inline constexpr const char* kNotAuthenticated = "0x80072560";
inline constexpr const char* kRequestTooLarge = "0x8005F103";
inline constexpr const char* kMethodNotAllowed = "0x80060888";
inline constexpr const char* kPreconditionFailed = "0x80060882";
inline constexpr const char* kUnavailable = "0x80044183";
inline constexpr const char* kExpiredChangeToken = "0x80044352";

}  // namespace appnotify::server
