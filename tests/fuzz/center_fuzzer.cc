// libFuzzer target for the center engine behind its text protocol: arbitrary event text, applied
// in chunks at increasing times. Beyond "no crash, no sanitizer report": every answer ends with its
// deadline line, and the bell never counts more notifications than the center lists.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "appnotify/center_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  appnotify::CenterConfig config;
  config.default_ttl_seconds = 60;
  appnotify::CenterWire wire(config);
  std::int64_t now = 0;
  std::size_t begin = 0;
  while (begin <= input.size()) {
    std::size_t end = input.find('\x01', begin);  // chunk separator: each chunk is one dispatch
    if (end == std::string_view::npos) end = input.size();
    const std::string answer = wire.dispatch(now, input.substr(begin, end - begin));
    if (answer.find("deadline\t") == std::string::npos) std::abort();
    const std::size_t listed = wire.center().ordered_ids(now).size();
    if (wire.center().badge(now) > listed) std::abort();
    now += 997;
    begin = end + 1;
  }
  return 0;
}
