// Internal: collects the problems one validation finds, errors and warnings apart.
#pragma once

#include <string>
#include <utility>

#include "appnotify/problem.h"

namespace appnotify {

class Report {
 public:
  void error(std::string code, std::string path, std::string message) {
    errors_.push_back({std::move(code), std::move(path), std::move(message), Severity::Error});
  }
  void warn(std::string code, std::string path, std::string message) {
    warnings_.push_back({std::move(code), std::move(path), std::move(message), Severity::Warning});
  }
  bool has_errors() const { return !errors_.empty(); }
  std::size_t error_count() const { return errors_.size(); }
  Problems take_errors() { return std::move(errors_); }
  Problems take_warnings() { return std::move(warnings_); }

 private:
  Problems errors_;
  Problems warnings_;
};

}  // namespace appnotify
