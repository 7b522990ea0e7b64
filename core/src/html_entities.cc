#include "html_entities.h"

extern "C" {
#include "entity.h"  // md4c's table of the HTML5 named references
}

namespace appnotify {

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
  const ENTITY* found = entity_lookup(entity.data(), entity.size());
  if (found == nullptr) {
    out += entity;
    return;
  }
  append_utf8(out, found->codepoints[0]);
  if (found->codepoints[1] != 0) append_utf8(out, found->codepoints[1]);
}

}  // namespace appnotify
