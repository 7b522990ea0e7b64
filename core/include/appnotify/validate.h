// appnotify/validate.h: one validator for every way a notification is created.
//
// The browser (through wasm) and the server (natively) run this same code, so a payload that one
// accepts the other accepts, with the same codes, paths and messages.
//
// Every problem is reported, not only the first: a sender fixes a payload in one round trip.
// JSON syntax errors are located (line, column and the field being read) and explained where the
// cause is a common one: single quotes, comments, a multi-line string, a trailing comma.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "appnotify/notification.h"
#include "appnotify/problem.h"

namespace appnotify {

struct ValidationResult {
  std::optional<Notification> value;  // present exactly when errors is empty
  Problems errors;
  Problems warnings;  // accepted anyway; say what was normalized or ignored

  bool ok() const { return errors.empty(); }
};

// A create payload for `appnotifications` (POST body or Xrm.WebApi.createRecord data), as JSON text.
// Accepts both owner forms: "owner": "<guid>" and "ownerid@odata.bind": "/systemusers(<guid>)".
ValidationResult validate_create(std::string_view json_text);

// The parameters of the SendAppNotification action (Title, Recipient, Body, IconType, ToastType,
// Priority, Expiry, OverrideContent, Actions), mapped onto the same record. Paths name the
// action's parameters ("/OverrideContent/body", "/Actions/actions/0/data/url").
ValidationResult validate_send_app_notification(std::string_view json_text);

// {"ok": bool, "errors": [{code, path, message}], "warnings": [...], "value": record or null}:
// the form the wasm build hands to JavaScript and the server puts into its error answers.
std::string to_json(const ValidationResult& result);

}  // namespace appnotify
