// The display module (appnotify.wasm): what every page with a notification center needs. It renders
// markdown and plain text, applies the URL policy to what a server sent, and runs the center engines.
// Plain exports over the exchange area (exchange.h); web/src/wasm/core.js and web/src/wasm/engine.js are the
// only callers, and wrap them in the package's API.
//
// Rendering a batch of `count` texts. Inputs are measured in UTF-16 code units, as JavaScript counts,
// so the JS side encodes all texts with one call; outputs in bytes, because decoding each part on its
// own is faster in V8 than decoding everything and slicing it:
//   1. table = exchangeLengths(2*count+1); input = exchangeInput(bytes) (room for all texts' UTF-8).
//   2. JS encodes the texts, joined, into `input`; writes their UTF-16 lengths into table[0..count)
//      and the number of bytes written into table[2*count].
//   3. output = render(count, plain): afterwards table[2i] and table[2i+1] hold the byte lengths of
//      text i's HTML and plain text, which lie back to back from `output` on, and table[2*count] is 1
//      when a text held a named reference and the host's decoder was not set (useHostEntities below).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "appnotify/center_wire.h"
#include "appnotify/html_entities.h"
#include "appnotify/markdown.h"
#include "appnotify/url_policy.h"
#include "exchange.h"

namespace {

using appnotify::wasm::exchange;
using appnotify::wasm::exchange_text;

// Whether the 8 bytes at `p` are all ASCII (one UTF-16 unit each): the fast path of the counts below.
bool ascii8(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  return (word & 0x8080808080808080ull) == 0;
}

// Bytes of valid UTF-8 (as TextEncoder writes it) that hold `units` UTF-16 code units.
std::size_t bytes_for_units(std::string_view utf8, std::size_t units) {
  std::size_t at = 0;
  while (units >= 8 && at + 8 <= utf8.size() && ascii8(utf8.data() + at)) {
    at += 8;
    units -= 8;
  }
  while (units > 0 && at < utf8.size()) {
    const unsigned char lead = static_cast<unsigned char>(utf8[at]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    units -= length == 4 ? std::min<std::size_t>(units, 2) : 1;
    at += length;
  }
  return std::min(at, utf8.size());
}

appnotify::RenderedContent& scratch() {
  static appnotify::RenderedContent rendered;  // reused for every text: its buffers are allocated once
  return rendered;
}

// Center engines, one per notification center on the page. The id is the only handle that crosses
// the boundary: web/src/wasm/engine.js creates one per center and destroys it when the center is torn
// down; engineCount() lets tests check that none leaks. Engine `id` is instances[id - 1]; ids are
// never reused, and a destroyed engine leaves an empty slot.
std::vector<std::unique_ptr<appnotify::CenterWire>>& engines() {
  static std::vector<std::unique_ptr<appnotify::CenterWire>> instances;
  return instances;
}

appnotify::CenterWire* engine(int id) {
  const auto& all = engines();
  return id >= 1 && static_cast<std::size_t>(id) <= all.size() ? all[id - 1].get() : nullptr;
}

}  // namespace

APPNOTIFY_EXPORT(render) const char* render(std::size_t count, int plain) {
  auto& ex = exchange();
  if (ex.lengths.size() < 2 * count + 1) return nullptr;
  // All texts are located first: their results' lengths overwrite the table.
  std::string_view input = exchange_text(ex.lengths[2 * count]);
  std::vector<std::string_view> texts(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t bytes = bytes_for_units(input, ex.lengths[i]);
    texts[i] = input.substr(0, bytes);
    input.remove_prefix(bytes);
  }
  ex.output.clear();
  appnotify::RenderedContent& rendered = scratch();
  bool needs_entities = false;
  for (std::size_t i = 0; i < count; ++i) {
    if (plain) {
      appnotify::render_plain_text_to(texts[i], rendered);
    } else {
      appnotify::render_markdown_to(texts[i], rendered);
    }
    ex.output += rendered.html;
    ex.output += rendered.text;
    ex.lengths[2 * i] = static_cast<std::uint32_t>(rendered.html.size());
    ex.lengths[2 * i + 1] = static_cast<std::uint32_t>(rendered.text.size());
    needs_entities = needs_entities || rendered.needs_entities;
  }
  ex.lengths[2 * count] = needs_entities ? 1 : 0;
  return ex.output.data();
}

// The host's decoder of named references (web/src/wasm/entities.js), imported: the code points of the
// reference named by the `length` bytes at `name` as first * 0x200000 + second, or -1. A double,
// because JavaScript answers numbers.
extern "C" __attribute__((import_module("env"), import_name("resolveEntity"))) double resolve_entity(
    const char* name, std::size_t length);

namespace {
std::int64_t host_entity(std::string_view name) {
  const double code_points = resolve_entity(name.data(), name.size());
  return code_points >= 0 && code_points < 0x40000000000 ? static_cast<std::int64_t>(code_points) : -1;
}
}  // namespace

// Decodes named references through the host from now on: web/src/wasm/core.js calls it once the package
// has a decoder (the browser's HTML parser in a page, appnotify-entities.json elsewhere).
APPNOTIFY_EXPORT(useHostEntities) void use_host_entities() { appnotify::set_html_entity_resolver(&host_entity); }

// The URL policy for the page's own checks of what a server sent (a server other than appnotifyd may
// not have validated it). The URL is the input's first `bytes`; the answer, in the output, is the URL
// as a browser reads it when the policy allows it as a link (image = 0) or an image (image = 1), else
// empty. Returns the answer's length.
APPNOTIFY_EXPORT(safeUrl) std::size_t safe_url(int image, std::size_t bytes) {
  const appnotify::UrlVerdict verdict = appnotify::classify_url(exchange_text(bytes));
  const bool allowed = image ? appnotify::is_allowed_image(verdict) : appnotify::is_allowed_link(verdict);
  exchange().output = allowed && appnotify::has_valid_host(verdict) ? verdict.cleaned : std::string();
  return exchange().output.size();
}

APPNOTIFY_EXPORT(createEngine)
// Each option below 0 keeps the core's default (appnotify/center.h): the page states only what it changes.
int create_engine(double default_ttl_seconds, double max_visible_toasts, double retry_initial_ms, double retry_max_ms,
                  double max_deletes_in_flight, int retry_jitter) {
  appnotify::CenterConfig config;
  if (default_ttl_seconds >= 0) config.default_ttl_seconds = static_cast<std::int64_t>(default_ttl_seconds);
  if (max_visible_toasts >= 0) config.max_visible_toasts = static_cast<std::size_t>(max_visible_toasts);
  if (retry_initial_ms >= 0) config.retry_initial_ms = static_cast<std::int64_t>(retry_initial_ms);
  if (retry_max_ms >= 0) config.retry_max_ms = static_cast<std::int64_t>(retry_max_ms);
  if (max_deletes_in_flight >= 0) config.max_deletes_in_flight = static_cast<std::size_t>(max_deletes_in_flight);
  if (retry_jitter >= 0) config.retry_jitter = retry_jitter != 0;
  engines().push_back(std::make_unique<appnotify::CenterWire>(config));
  return static_cast<int>(engines().size());
}

// The toast duration a user has until they choose one (appnotify/defaults.h), for the page's settings.
APPNOTIFY_EXPORT(defaultToastMs) double default_toast_ms() { return static_cast<double>(appnotify::kDefaultToastMs); }

APPNOTIFY_EXPORT(destroyEngine) void destroy_engine(int id) {
  if (engine(id) != nullptr) engines()[id - 1].reset();
}

APPNOTIFY_EXPORT(engineCount) int engine_count() {
  int alive = 0;
  for (const auto& instance : engines()) alive += instance != nullptr ? 1 : 0;
  return alive;
}

// Applies the events (the input's first `bytes`, in center_wire.h's protocol) at time `now` and
// writes the engine's answer to the output. Returns its length, or -1 for an unknown engine.
APPNOTIFY_EXPORT(engineDispatch) double engine_dispatch(int id, double now, std::size_t bytes) {
  appnotify::CenterWire* const found = engine(id);
  if (found == nullptr) return -1;
  exchange().output = found->dispatch(static_cast<std::int64_t>(now), exchange_text(bytes));
  return static_cast<double>(exchange().output.size());
}
