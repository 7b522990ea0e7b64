// The server's error answer, in Dataverse's shape, for every layer that answers an error: the
// transport (limits, CORS, static files), the Web API and the push stream.
#pragma once

#include <string>

#include "appnotify/problem.h"
#include "http/http_types.h"

namespace appnotify::server {

// {"error": {"code": "0x...", "message": ..., "appnotify": {"code": ..., "problems": [...]}}}:
// `dataverse_code` is one of the constants below, `code` our stable code, `problems` the
// validator's findings (each with its JSON pointer).
HttpResponse error_response(int status, const std::string& dataverse_code, const std::string& code,
                            const std::string& message, const Problems& problems = {});

// 503 with Retry-After: the database cannot be reached.
HttpResponse unavailable_response();
// 503 with Retry-After: a read ran past its statement deadline.
HttpResponse statement_timeout_response();

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
