// The HTML the markdown writer (markdown.cc) builds: an output buffer that appends without
// std::string's out-of-line calls, and the escaping of text and of URLs into it.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace appnotify {

// Text the writer builds. Appends write straight into the target string's storage, inline here,
// instead of calling std::string's out-of-line append for every piece (faster in wasm on the
// benchmark corpus: scripts/bench); the string's length is set once, in finish().
class Output {
 public:
  explicit Output(std::string& target) : target_(target) {
    target_.resize(std::max<std::size_t>(target_.capacity(), 256));  // the room earlier renders left
    data_ = target_.data();
    capacity_ = target_.size();
  }

  void append(const char* text, std::size_t size) {
    if (size_ + size > capacity_) grow(size);
    std::memcpy(data_ + size_, text, size);
    size_ += size;
  }
  Output& operator+=(std::string_view text) {
    append(text.data(), text.size());
    return *this;
  }
  Output& operator+=(char c) {
    if (size_ == capacity_) grow(1);
    data_[size_++] = c;
    return *this;
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char back() const { return data_[size_ - 1]; }
  void finish() { target_.resize(size_); }

 private:
  void grow(std::size_t more) {
    target_.resize(std::max(2 * capacity_, size_ + more));
    data_ = target_.data();
    capacity_ = target_.size();
  }

  std::string& target_;
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// &, <, >, " and ' as entities, into a std::string or an Output.
template <class Out>
void escape_html_into(Out& out, std::string_view text) {
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    out.append(text.data() + begin, i - begin);
    out += std::string_view(entity);
    begin = i + 1;
  }
  out.append(text.data() + begin, text.size() - begin);
}

inline bool url_char_is_safe(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("~-_.+!*(),%#@?=;:/$").find(static_cast<char>(c)) != std::string_view::npos;
}

// An href as md4c's own writer escapes it: "&" as an entity, every other unsafe byte (quotes,
// spaces, controls, backslashes, non-ASCII) percent-encoded, so the value cannot leave its quotes.
inline void append_url_escaped(Output& out, std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t run = 0;  // start of the current run of bytes that need no escaping
  for (std::size_t i = 0; i < url.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(url[i]);
    if (url_char_is_safe(c)) continue;
    out.append(url.data() + run, i - run);
    if (c == '&') {
      out += std::string_view("&amp;");
    } else {
      const char escaped[3] = {'%', kHex[c >> 4], kHex[c & 0xF]};
      out.append(escaped, 3);
    }
    run = i + 1;
  }
  out.append(url.data() + run, url.size() - run);
}

}  // namespace appnotify
