#include "render/html_entities.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "appnotify/html_entities.h"

namespace appnotify {
namespace {

// The built-in table (cmake/HtmlEntities.cmake: generated at build time, so trusted) decoded, with a
// hash index of its names. Reading stays within the table whatever it holds.
class EntityIndex {
 public:
  explicit EntityIndex(std::string_view table) : table_(table), slots_(kSlots, 0) {
    const std::size_t names_end = table_.find('\n');
    std::size_t value = names_end + 1;
    // A varint of printable characters: '?' + 5 bits, plus 32 while more follow.
    const auto varint = [&] {
      std::uint32_t result = 0;
      for (unsigned shift = 0; shift < 32 && value < table_.size(); shift += 5) {
        const unsigned digit = static_cast<unsigned>(table_[value++] - '?');
        result |= (digit & 31) << shift;
        if (digit < 32) break;
      }
      return result;
    };
    std::uint32_t code_point = 0;
    for (std::size_t at = 0; at < names_end && name_at_.size() + 1 < kSlots;) {  // a slot stays empty
      const std::size_t entry = name_at_.size();
      name_at_.push_back(static_cast<std::uint32_t>(at));
      const std::uint32_t code = varint();
      code_point += code >> 1;
      first_.push_back(code_point);
      second_.push_back((code & 1) != 0 ? varint() : 0);
      const std::string_view text = name(entry);
      std::size_t slot = hash(text) & (kSlots - 1);
      while (slots_[slot] != 0) slot = (slot + 1) & (kSlots - 1);
      slots_[slot] = static_cast<std::uint16_t>(entry + 1);
      at += text.size();
    }
  }

  // The entry of "name;", or -1.
  long find(std::string_view text) const {
    for (std::size_t slot = hash(text) & (kSlots - 1); slots_[slot] != 0; slot = (slot + 1) & (kSlots - 1)) {
      if (name(slots_[slot] - 1) == text) return slots_[slot] - 1;
    }
    return -1;
  }

  std::uint32_t first(long entry) const { return first_[entry]; }
  std::uint32_t second(long entry) const { return second_[entry]; }

 private:
  static constexpr std::size_t kSlots = 4096;  // a power of two, about twice the names

  // FNV-1a of "name;", the form both the table and the references hold.
  static std::uint32_t hash(std::string_view name) {
    std::uint32_t h = 2166136261u;
    for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }

  // The entry's "name;" (to the table's end if a ";" is missing).
  std::string_view name(std::size_t entry) const {
    const std::size_t at = name_at_[entry];
    const std::size_t end = table_.find(';', at);
    return table_.substr(at, end == std::string_view::npos ? end : end + 1 - at);
  }

  std::string_view table_;
  std::vector<std::uint32_t> name_at_;         // where each name starts in table_
  std::vector<std::uint32_t> first_, second_;  // its code points (second 0: none)
  std::vector<std::uint16_t> slots_;           // open addressing: entry + 1, or 0 for empty
};

// The built-in table's index (built once, on first use), or nullptr in a build without it.
const EntityIndex* entity_index() {
  static const std::unique_ptr<EntityIndex> builtin = [] {
    const std::string_view table = builtin_html_entities();
    return table.empty() ? nullptr : std::make_unique<EntityIndex>(table);
  }();
  return builtin.get();
}

bool is_scalar_value(std::uint64_t code_point) {
  return code_point <= 0x10FFFF && (code_point < 0xD800 || code_point > 0xDFFF);
}

HtmlEntityResolver& resolver() {
  static HtmlEntityResolver host = nullptr;
  return host;
}

}  // namespace

bool html_entities_available() { return entity_index() != nullptr || resolver() != nullptr; }

void set_html_entity_resolver(HtmlEntityResolver host) { resolver() = host; }

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

bool append_decoded_entity(std::string& out, std::string_view entity) {
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
    if (cp == 0 || !is_scalar_value(cp)) {
      out += kReplacementCharacter;
    } else {
      append_utf8(out, static_cast<unsigned>(cp));
    }
    return true;
  }
  bool named = entity.size() >= 3 && entity.front() == '&' && entity.back() == ';';
  for (std::size_t i = 1; named && i + 1 < entity.size(); ++i) {
    const char c = entity[i];
    named = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  const EntityIndex* index = named ? entity_index() : nullptr;
  std::int64_t code_points = -1;  // first * 0x200000 + second, as a resolver answers
  if (index != nullptr) {
    const long found = index->find(entity.substr(1));
    if (found >= 0) code_points = std::int64_t{index->first(found)} << 21 | index->second(found);
  } else if (named && resolver() != nullptr) {
    code_points = resolver()(entity.substr(1, entity.size() - 2));
  }
  const std::uint64_t first = static_cast<std::uint64_t>(code_points) >> 21;
  const std::uint64_t second = static_cast<std::uint64_t>(code_points) & 0x1FFFFF;
  // A resolver's answer is the host's: only Unicode scalar values are taken from it, a first one not 0.
  if (code_points < 0 || first == 0 || !is_scalar_value(first) || !is_scalar_value(second)) {
    out += entity;
    return index != nullptr || !named || resolver() != nullptr;
  }
  append_utf8(out, static_cast<unsigned>(first));
  if (second != 0) append_utf8(out, static_cast<unsigned>(second));
  return true;
}

}  // namespace appnotify
