#include "exchange.h"

#include <algorithm>

namespace appnotify::wasm {

Exchange& exchange() {
  static Exchange instance;
  return instance;
}

std::string_view exchange_text(std::size_t bytes) {
  return std::string_view(exchange().input.data(), std::min(bytes, exchange().input.size()));
}

}  // namespace appnotify::wasm

using appnotify::wasm::exchange;

// Room for `bytes` of input; answers its address. May grow memory: take views of it afterwards.
APPNOTIFY_EXPORT(exchangeInput) char* exchange_input(std::size_t bytes) {
  exchange().input.resize(bytes);
  return exchange().input.data();
}

// A uint32 table of `entries` zeros; answers its address. May grow memory.
APPNOTIFY_EXPORT(exchangeLengths) std::uint32_t* exchange_lengths(std::size_t entries) {
  exchange().lengths.assign(entries, 0);
  return exchange().lengths.data();
}

// The address of the last answer.
APPNOTIFY_EXPORT(exchangeOutput) const char* exchange_output() { return exchange().output.data(); }
