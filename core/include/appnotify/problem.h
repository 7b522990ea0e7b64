// appnotify/problem.h: how every check in the core reports what it found.
//
// Errors are values, never exceptions. A Problem carries:
//   - code:    a stable, machine-checkable identifier ("field.required", "url.scheme_not_allowed").
//              Codes never change meaning once published; tests and callers branch on them.
//   - path:    a JSON pointer (RFC 6901) into the input that the problem is about, such as
//              "/data/actions/1/data/url"; "" means the input as a whole. Paths go *into* the
//              JSON held by the `data` string, as if it were an object.
//   - message: one sentence a person can act on: it names the field and says what to change.
#pragma once

#include <string>
#include <vector>

namespace appnotify {

enum class Severity {
  Error,    // the input is rejected
  Warning,  // the input is accepted (possibly normalized), but the sender should know
};

struct Problem {
  std::string code;
  std::string path;
  std::string message;
  Severity severity = Severity::Error;
};

using Problems = std::vector<Problem>;

// Appends one reference token to a JSON pointer, escaping "~" and "/" as RFC 6901 requires.
std::string pointer_append(const std::string& pointer, const std::string& token);
std::string pointer_append(const std::string& pointer, std::size_t index);

}  // namespace appnotify
