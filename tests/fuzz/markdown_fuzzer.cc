// libFuzzer target for the markdown renderer. Beyond "no crash, no sanitizer report", it checks
// the renderer's promise on every input: each "<" in the HTML opens or closes an allowed element.
// Built twice: with the named references' table built in (markdown_fuzzer), and without it as the
// page first renders (markdown_bare_fuzzer).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "appnotify/html_entities.h"
#include "appnotify/markdown.h"

namespace {

constexpr std::string_view kAllowedTags[] = {"<p>",          "</p>",   "<br>",    "<strong>", "</strong>",  "<em>",
                                             "</em>",        "<code>", "</code>", "<ul>",     "</ul>",      "<ol>",
                                             "<ol start=\"", "</ol>",  "<li>",    "</li>",    "<a href=\"", "</a>"};

bool only_allowed_tags(std::string_view html) {
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    bool known = false;
    for (std::string_view tag : kAllowedTags) known = known || html.substr(at, tag.size()) == tag;
    if (!known) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const appnotify::RenderedContent rendered = appnotify::render_markdown(input);
  if (!only_allowed_tags(rendered.html)) std::abort();
  if (rendered.html.size() > size * appnotify::kMaxOutputFactor + 8192) std::abort();
  if (rendered.needs_entities && appnotify::html_entities_available()) std::abort();  // only a build without asks
  const appnotify::RenderedContent plain = appnotify::render_plain_text(input);
  if (!only_allowed_tags(plain.html)) std::abort();
  return 0;
}
