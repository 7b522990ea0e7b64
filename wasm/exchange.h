// The exchange area of a wasm module: where JavaScript writes the UTF-8 of its inputs and reads the
// core's answers, straight in the module's memory (TextEncoder.encodeInto in, TextDecoder out).
// Each module (display.cc, validator.cc) has one; results are valid until the next call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// What the modules export to JavaScript, by the name JavaScript calls it.
#define APPNOTIFY_EXPORT(name) extern "C" __attribute__((export_name(#name)))

namespace appnotify::wasm {

struct Exchange {
  std::string input;                   // exchangeInput(bytes): the inputs, back to back
  std::string output;                  // exchangeOutput(): the answer
  std::vector<std::uint32_t> lengths;  // exchangeLengths(count): per-text lengths, in and out
};

Exchange& exchange();

// The first `bytes` of the input (never past what exchangeInput made room for).
std::string_view exchange_text(std::size_t bytes);

}  // namespace appnotify::wasm
