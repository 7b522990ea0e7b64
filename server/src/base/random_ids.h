// Identifiers the server makes: record and user GUIDs (version 4) and API tokens, from OpenSSL's
// random generator (seeded by the operating system).
#pragma once

#include <string>

namespace appnotify::server {

std::string random_guid();
std::string random_token();  // 32 random bytes as 64 hex digits

}  // namespace appnotify::server
