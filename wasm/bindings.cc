// The core's JavaScript surface. Every function takes and returns strings (JSON where structured),
// so results are plain data: nothing to delete, nothing that leaks. The JS layer (web/) parses them.
#include <emscripten/bind.h>

#include <string>

#include "appnotify/validate.h"

namespace {

std::string validate_notification(const std::string& payload) {
  return appnotify::to_json(appnotify::validate_create(payload));
}

std::string validate_send_app_notification(const std::string& payload) {
  return appnotify::to_json(appnotify::validate_send_app_notification(payload));
}

}  // namespace

EMSCRIPTEN_BINDINGS(appnotify_core) {
  emscripten::function("validateNotification", &validate_notification);
  emscripten::function("validateSendAppNotification", &validate_send_app_notification);
}
