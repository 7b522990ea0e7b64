#include "html_entities.h"

#include <cstdint>
#include <vector>

#include "html_entity_table.inc"  // generated from md4c's entity.c (cmake/HtmlEntities.cmake)

namespace appnotify {
namespace {

// Where each name starts in kHtmlEntities; built once, on first use.
const std::vector<std::uint16_t>& entity_offsets() {
  static const std::vector<std::uint16_t> offsets = [] {
    static_assert(sizeof(kHtmlEntities) < 65536, "offsets are 16-bit");
    std::vector<std::uint16_t> out;
    out.reserve(kHtmlEntityCount);
    for (std::size_t at = 0; at + 1 < sizeof(kHtmlEntities); ++at) {
      out.push_back(static_cast<std::uint16_t>(at));
      at += std::char_traits<char>::length(kHtmlEntities + at) + 1;  // the name, then its value
      at += std::char_traits<char>::length(kHtmlEntities + at);
    }
    return out;
  }();
  return offsets;
}

// The table is sorted as "&name;" strings are (md4c's order): the end of a name compares as ';'.
int compare_names(std::string_view a, std::string_view b) {
  for (std::size_t i = 0;; ++i) {
    const unsigned char ca = i < a.size() ? static_cast<unsigned char>(a[i]) : ';';
    const unsigned char cb = i < b.size() ? static_cast<unsigned char>(b[i]) : ';';
    if (ca != cb) return ca < cb ? -1 : 1;
    if (i >= a.size() && i >= b.size()) return 0;
  }
}

// The UTF-8 of a named reference ("amp" without "&" and ";"), or nullptr.
const char* find_entity(std::string_view name) {
  const std::vector<std::uint16_t>& offsets = entity_offsets();
  std::size_t low = 0, high = offsets.size();
  while (low < high) {
    const std::size_t middle = (low + high) / 2;
    const char* entry = kHtmlEntities + offsets[middle];
    const int order = compare_names(entry, name);
    if (order == 0) return entry + std::char_traits<char>::length(entry) + 1;
    if (order < 0)
      low = middle + 1;
    else
      high = middle;
  }
  return nullptr;
}

}  // namespace

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void append_decoded_entity(std::string& out, std::string_view entity) {
  if (entity.size() >= 4 && entity[1] == '#') {
    const bool hex = entity[2] == 'x' || entity[2] == 'X';
    unsigned long cp = 0;
    for (std::size_t i = hex ? 3 : 2; i + 1 < entity.size(); ++i) {
      const char c = entity[i];
      const unsigned digit = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                             : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                                                    : static_cast<unsigned>(c - 'A' + 10);
      cp = cp * (hex ? 16 : 10) + digit;
      if (cp > 0x10FFFF) break;
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out += kReplacementCharacter;
    } else {
      append_utf8(out, static_cast<unsigned>(cp));
    }
    return;
  }
  const bool named = entity.size() >= 3 && entity.front() == '&' && entity.back() == ';';
  const char* value = named ? find_entity(entity.substr(1, entity.size() - 2)) : nullptr;
  if (value == nullptr) {
    out += entity;
    return;
  }
  out += value;
}

}  // namespace appnotify
