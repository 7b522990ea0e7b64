#include "http/access_log.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "base/crypto.h"
#include "base/metrics.h"

namespace appnotify::server {
namespace {

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, static_cast<int>(millis));
  return text;
}

}  // namespace

void record_request(const RequestRecord& r) {
  const nlohmann::json line = {{"time", utc_now()},
                               {"id", r.id},
                               {"peer", r.peer},
                               {"method", r.method},
                               {"target", r.target.substr(0, 300)},
                               {"route", r.route},
                               {"status", r.status},
                               {"ms", static_cast<double>(static_cast<long long>(r.ms * 1000)) / 1000},
                               {"bytes", r.bytes}};
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  Metrics& metrics = Metrics::process();
  metrics.count("appnotify_http_requests_total", {{"route", r.route}, {"status", std::to_string(r.status)}});
  metrics.observe("appnotify_http_request_duration_seconds", {{"route", r.route}}, r.ms / 1000);
}

std::string request_id(boost::beast::string_view given) {
  const bool plain = !given.empty() && given.size() <= 128 && std::all_of(given.begin(), given.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
  });
  return plain ? std::string(given) : random_hex(16);
}

void describe_request_metrics() {
  Metrics& metrics = Metrics::process();
  metrics.describe("appnotify_http_requests_total", "counter", "Requests answered, by route and status.");
  metrics.describe("appnotify_http_request_duration_seconds", "histogram",
                   "Time from a request's head to its answer being handed to the socket, by route.");
  metrics.describe("appnotify_refused_total", "counter", "Requests and connections refused by a limit, by limit.");
}

}  // namespace appnotify::server
