// The core's raw JavaScript surface, private to the package's JS layer (web/), which wraps it in
// the public API. Every function takes and returns strings, so results are plain data: nothing to
// delete, nothing that leaks.
//
// Rendered content comes back as "html\0text" (and a batch as "html\0text\0html\0text..."): one
// string crosses the boundary instead of an object per field. NUL cannot occur inside either part,
// because the renderer writes U+FFFD for it.
#include <emscripten/bind.h>

#include <string>

#include "appnotify/markdown.h"
#include "appnotify/validate.h"

namespace {

std::string validate_notification(const std::string& payload) {
  return appnotify::to_json(appnotify::validate_create(payload));
}

std::string validate_send_app_notification(const std::string& payload) {
  return appnotify::to_json(appnotify::validate_send_app_notification(payload));
}

void append_rendered(std::string& out, const appnotify::RenderedContent& rendered) {
  out += rendered.html;
  out += '\0';
  out += rendered.text;
}

std::string render_markdown(const std::string& markdown) {
  std::string out;
  append_rendered(out, appnotify::render_markdown(markdown));
  return out;
}

std::string render_plain_text(const std::string& text) {
  std::string out;
  append_rendered(out, appnotify::render_plain_text(text));
  return out;
}

// Many texts in one call, separated by NUL (the JS layer replaces NUL inside a text by U+FFFD first,
// which is what the renderer would do with it anyway).
std::string render_markdown_batch(const std::string& joined) {
  std::string out;
  out.reserve(joined.size() * 2);
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = joined.find('\0', begin);
    const std::size_t length = end == std::string::npos ? joined.size() - begin : end - begin;
    if (begin > 0) out += '\0';
    append_rendered(out, appnotify::render_markdown(std::string_view(joined).substr(begin, length)));
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(appnotify_core) {
  emscripten::function("validateNotification", &validate_notification);
  emscripten::function("validateSendAppNotification", &validate_send_app_notification);
  emscripten::function("renderMarkdown", &render_markdown);
  emscripten::function("renderPlainText", &render_plain_text);
  emscripten::function("renderMarkdownBatch", &render_markdown_batch);
}
