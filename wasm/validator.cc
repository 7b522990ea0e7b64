// The validator module (appnotify-validate.wasm): the core's payload validation, the same code the
// server runs. A separate module, because only pages that validate (ready(), Xrm.WebApi.createRecord)
// need it: a page that only shows notifications never downloads it. web/src/wasm/core.js is the caller.
#include <string>

#include "appnotify/validate.h"
#include "exchange.h"

using appnotify::wasm::exchange;
using appnotify::wasm::exchange_text;

// Validates the payload (the input's first `bytes`, JSON text): as a create (kind 0) or as
// SendAppNotification parameters (kind 1). The answer, in the output, is the result as JSON
// ({ok, errors, warnings, value}); returns its length.
APPNOTIFY_EXPORT(validate) std::size_t validate(int kind, std::size_t bytes) {
  const std::string_view payload = exchange_text(bytes);
  exchange().output = appnotify::to_json(kind == 1 ? appnotify::validate_send_app_notification(payload)
                                                   : appnotify::validate_create(payload));
  return exchange().output.size();
}
