// Internal: turns a finished Report into the public ValidationResult.
#pragma once

#include <optional>

#include "appnotify/validate.h"
#include "validate/report.h"

namespace appnotify {

// The record is kept only when nothing is wrong: a result never carries half-valid data.
inline ValidationResult finish_validation(Report& report, std::optional<Notification> record) {
  ValidationResult result;
  result.errors = report.take_errors();
  result.warnings = report.take_warnings();
  if (result.errors.empty()) result.value = std::move(record);
  return result;
}

}  // namespace appnotify
