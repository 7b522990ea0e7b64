// libFuzzer target for the validator (both entry points). Beyond "no crash, no sanitizer report":
// a result has a value exactly when it has no errors, and its JSON form always parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "appnotify/validate.h"

namespace {

void check(const appnotify::ValidationResult& result) {
  if (result.ok() != result.value.has_value()) std::abort();
  for (const appnotify::Problem& problem : result.errors) {
    if (problem.code.empty() || problem.message.empty()) std::abort();
    if (!problem.path.empty() && problem.path.front() != '/') std::abort();
  }
  if (nlohmann::json::parse(appnotify::to_json(result), nullptr, false).is_discarded()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check(appnotify::validate_create(input));
  check(appnotify::validate_send_app_notification(input));
  return 0;
}
