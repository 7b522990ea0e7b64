// to_json(ValidationResult): the plain-data form of a result, for JavaScript and HTTP answers.
#include "appnotify/validate.h"
#include "common/json.h"

namespace appnotify {
namespace {

Json problems_json(const Problems& problems) {
  Json out = Json::array();
  for (const Problem& problem : problems) {
    out.push_back({{"code", problem.code}, {"path", problem.path}, {"message", problem.message}});
  }
  return out;
}

}  // namespace

std::string to_json(const ValidationResult& result) {
  Json out = Json::object();
  out["ok"] = result.ok();
  out["errors"] = problems_json(result.errors);
  out["warnings"] = problems_json(result.warnings);
  out["value"] = result.value ? to_json_value(*result.value) : Json();
  return dump_compact(out);
}

}  // namespace appnotify
