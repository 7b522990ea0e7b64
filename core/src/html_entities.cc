#include "html_entities.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "html_entity_table.inc"  // generated from md4c's entity.c (cmake/HtmlEntities.cmake)

namespace appnotify {
namespace {

// The table decoded, with a hash index of the names; built once, on first use.
struct EntityIndex {
  static constexpr std::size_t kSlots = 4096;  // a power of two, about twice the names
  std::vector<std::uint16_t> name_at;          // where each name starts in kHtmlEntityNames
  std::vector<std::uint32_t> first, second;    // its code points (second 0: none)
  std::vector<std::uint16_t> slots;            // open addressing: entry + 1, or 0 for empty

  // FNV-1a of "name;", the form both the table and the references hold.
  static std::uint32_t hash(std::string_view name) {
    std::uint32_t h = 2166136261u;
    for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }

  std::string_view name(std::size_t entry) const {
    const std::string_view rest(kHtmlEntityNames + name_at[entry], sizeof(kHtmlEntityNames) - 1 - name_at[entry]);
    return rest.substr(0, rest.find(';') + 1);
  }

  EntityIndex() : slots(kSlots, 0) {
    static_assert(sizeof(kHtmlEntityNames) < 65536 && kHtmlEntityCount < 65535, "16-bit offsets and entries");
    const unsigned char* value = kHtmlEntityValues;
    const auto varint = [&value] {
      std::uint32_t result = 0;
      for (unsigned shift = 0;; shift += 7) {
        const unsigned char byte = *value++;
        result |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return result;
      }
    };
    std::uint32_t code_point = 0;
    for (std::size_t at = 0; at + 1 < sizeof(kHtmlEntityNames);) {
      const std::size_t entry = name_at.size();
      name_at.push_back(static_cast<std::uint16_t>(at));
      const std::uint32_t code = varint();
      code_point += code >> 1;
      first.push_back(code_point);
      second.push_back((code & 1) != 0 ? varint() : 0);
      const std::string_view text = name(entry);
      std::size_t slot = hash(text) & (kSlots - 1);
      while (slots[slot] != 0) slot = (slot + 1) & (kSlots - 1);
      slots[slot] = static_cast<std::uint16_t>(entry + 1);
      at += text.size();
    }
  }

  // The entry of "name;", or -1.
  long find(std::string_view text) const {
    for (std::size_t slot = hash(text) & (kSlots - 1); slots[slot] != 0; slot = (slot + 1) & (kSlots - 1)) {
      if (name(slots[slot] - 1) == text) return slots[slot] - 1;
    }
    return -1;
  }
};

const EntityIndex& entity_index() {
  static const EntityIndex index;
  return index;
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
  const EntityIndex& index = entity_index();
  const long found = named ? index.find(entity.substr(1)) : -1;
  if (found < 0) {
    out += entity;
    return;
  }
  append_utf8(out, index.first[found]);
  if (index.second[found] != 0) append_utf8(out, index.second[found]);
}

}  // namespace appnotify
