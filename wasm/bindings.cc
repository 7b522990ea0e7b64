// The core's raw JavaScript surface, private to the package's JS layer (web/src/core.js), which
// wraps it in the public API. Results are plain data: nothing to delete, nothing that leaks.
//
// Validation takes and returns JSON strings through embind. Rendering, which runs for every
// notification shown, moves text through an exchange area instead: the JS layer writes UTF-8 with
// TextEncoder.encodeInto straight into the module's memory and reads results with TextDecoder,
// which is several times faster than embind's character-by-character string conversion.
//
// Exchange protocol (one batch of `count` texts). Inputs are measured in UTF-16 code units, as
// JavaScript counts, so the JS side encodes all texts with one call; outputs in bytes, because
// decoding each part on its own is faster in V8 than decoding everything and slicing it:
//   1. table = exchangeLengths(count): a uint32 table of 2*count+1 entries;
//      input = exchangeInput(bytes): room for the UTF-8 of all texts, back to back.
//      (Either call may grow memory: take heap views after both.)
//   2. JS encodes the texts, joined, into `input`; writes their UTF-16 lengths into
//      table[0..count) and the number of bytes written into table[2*count].
//   3. output = renderExchange(count, plain): renders each text; afterwards table[2i] and
//      table[2i+1] hold the byte lengths of text i's HTML and plain text, which lie back to back
//      from `output` on. Valid until the next exchange call.
#include <emscripten/bind.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "appnotify/center_wire.h"
#include "appnotify/markdown.h"
#include "appnotify/url_policy.h"
#include "appnotify/validate.h"

namespace {

struct Exchange {
  std::string input;
  std::string output;
  std::vector<std::uint32_t> lengths;
  appnotify::RenderedContent scratch;  // reused for every text, so its buffers are allocated once
};

Exchange& exchange() {
  static Exchange instance;
  return instance;
}

std::uintptr_t exchange_input(std::size_t bytes) {
  exchange().input.resize(bytes);
  return reinterpret_cast<std::uintptr_t>(exchange().input.data());
}

std::uintptr_t exchange_lengths(std::size_t count) {
  exchange().lengths.assign(2 * count + 1, 0);
  return reinterpret_cast<std::uintptr_t>(exchange().lengths.data());
}

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

std::uintptr_t render_exchange(std::size_t count, bool plain) {
  Exchange& ex = exchange();
  std::string_view input(ex.input.data(), std::min<std::size_t>(ex.lengths[2 * count], ex.input.size()));
  std::vector<std::string_view> texts(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t bytes = bytes_for_units(input, ex.lengths[i]);
    texts[i] = input.substr(0, bytes);
    input.remove_prefix(bytes);
  }
  ex.output.clear();
  appnotify::RenderedContent& rendered = ex.scratch;
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
  }
  return reinterpret_cast<std::uintptr_t>(ex.output.data());
}

std::string validate_notification(const std::string& payload) {
  return appnotify::to_json(appnotify::validate_create(payload));
}

std::string validate_send_app_notification(const std::string& payload) {
  return appnotify::to_json(appnotify::validate_send_app_notification(payload));
}

// Center engines, one per notification center on the page. The id is the only handle that crosses
// the boundary: web/src/engine.js creates one per center and destroys it when the center is torn
// down; engineCount() lets tests check that none leaks.
std::unordered_map<int, std::unique_ptr<appnotify::CenterWire>>& engines() {
  static std::unordered_map<int, std::unique_ptr<appnotify::CenterWire>> instances;
  return instances;
}

int create_engine(double default_ttl_seconds, double max_visible_toasts, double retry_initial_ms, double retry_max_ms,
                  double max_deletes_in_flight, bool retry_jitter) {
  static int next_id = 1;
  appnotify::CenterConfig config;
  config.default_ttl_seconds = static_cast<std::int64_t>(default_ttl_seconds);
  config.max_visible_toasts = static_cast<std::size_t>(max_visible_toasts);
  config.retry_initial_ms = static_cast<std::int64_t>(retry_initial_ms);
  config.retry_max_ms = static_cast<std::int64_t>(retry_max_ms);
  config.max_deletes_in_flight = static_cast<std::size_t>(max_deletes_in_flight);
  config.retry_jitter = retry_jitter;
  engines().emplace(next_id, std::make_unique<appnotify::CenterWire>(config));
  return next_id++;
}

void destroy_engine(int id) { engines().erase(id); }

int engine_count() { return static_cast<int>(engines().size()); }

// Applies the events the JS layer wrote (UTF-8, `bytes` long) into the exchange input
// (exchangeInput), like the renderer's inputs. The engine's answer goes to the exchange output:
// this returns its length in bytes (-1 for an unknown, destroyed engine) and exchangeOutput() its
// address, and the JS layer decodes it with TextDecoder (embind's string return scans byte by byte).
double engine_dispatch(int id, double now, std::size_t bytes) {
  const auto found = engines().find(id);
  if (found == engines().end()) return -1;
  const std::string_view events(exchange().input.data(), std::min(bytes, exchange().input.size()));
  exchange().output = found->second->dispatch(static_cast<std::int64_t>(now), events);
  return static_cast<double>(exchange().output.size());
}

std::uintptr_t exchange_output() { return reinterpret_cast<std::uintptr_t>(exchange().output.data()); }

// The URL policy for the page's own checks of what a server sent (a server other than appnotifyd
// may not have validated it): the URL as a browser reads it when allowed, else "".
std::string safe_link_url(const std::string& url) {
  const appnotify::UrlVerdict verdict = appnotify::classify_url(url);
  return appnotify::is_allowed_link(verdict) && appnotify::has_valid_host(verdict) ? verdict.cleaned : std::string();
}

std::string safe_image_url(const std::string& url) {
  const appnotify::UrlVerdict verdict = appnotify::classify_url(url);
  return appnotify::is_allowed_image(verdict) && appnotify::has_valid_host(verdict) ? verdict.cleaned : std::string();
}

}  // namespace

EMSCRIPTEN_BINDINGS(appnotify_core) {
  emscripten::function("validateNotification", &validate_notification);
  emscripten::function("validateSendAppNotification", &validate_send_app_notification);
  emscripten::function("exchangeInput", &exchange_input);
  emscripten::function("exchangeLengths", &exchange_lengths);
  emscripten::function("renderExchange", &render_exchange);
  emscripten::function("safeLinkUrl", &safe_link_url);
  emscripten::function("safeImageUrl", &safe_image_url);
  emscripten::function("createEngine", &create_engine);
  emscripten::function("destroyEngine", &destroy_engine);
  emscripten::function("engineCount", &engine_count);
  emscripten::function("engineDispatch", &engine_dispatch);
  emscripten::function("exchangeOutput", &exchange_output);
}
