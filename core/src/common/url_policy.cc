#include "appnotify/url_policy.h"

#include <cctype>

namespace appnotify {
namespace {

bool is_c0_or_space(unsigned char c) { return c <= 0x20; }

bool is_scheme_char(unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; }

// What the URL Standard's parser does before anything else: trim C0 controls and spaces at both
// ends, then remove every ASCII tab and newline.
std::string browser_clean(std::string_view raw) {
  std::size_t begin = 0;
  std::size_t end = raw.size();
  while (begin < end && is_c0_or_space(static_cast<unsigned char>(raw[begin]))) ++begin;
  while (end > begin && is_c0_or_space(static_cast<unsigned char>(raw[end - 1]))) --end;
  std::string out;
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    const char c = raw[i];
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

}  // namespace

UrlVerdict classify_url(std::string_view raw) {
  UrlVerdict verdict;
  verdict.cleaned = browser_clean(raw);
  const std::string& url = verdict.cleaned;
  if (url.empty()) return verdict;

  std::size_t i = 0;
  if (std::isalpha(static_cast<unsigned char>(url[0]))) {
    while (i < url.size() && is_scheme_char(static_cast<unsigned char>(url[i]))) ++i;
  }
  if (i > 0 && i < url.size() && url[i] == ':') {
    for (std::size_t k = 0; k < i; ++k) {
      verdict.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(url[k])));
    }
    if (verdict.scheme == "http") {
      verdict.kind = UrlKind::Http;
    } else if (verdict.scheme == "https") {
      verdict.kind = UrlKind::Https;
    } else if (verdict.scheme == "mailto") {
      verdict.kind = UrlKind::Mailto;
    } else if (verdict.scheme == "tel") {
      verdict.kind = UrlKind::Tel;
    } else {
      verdict.kind = UrlKind::Other;
    }
    return verdict;
  }
  // Browsers read "\" as "/" in http(s) URLs, so "/\host" and "\\host" also leave the app.
  const bool slash0 = url[0] == '/' || url[0] == '\\';
  const bool slash1 = url.size() > 1 && (url[1] == '/' || url[1] == '\\');
  verdict.kind = slash0 && slash1 ? UrlKind::NetworkPath : UrlKind::Relative;
  return verdict;
}

bool is_allowed_link(const UrlVerdict& verdict) {
  switch (verdict.kind) {
    case UrlKind::Relative:
    case UrlKind::NetworkPath:
    case UrlKind::Http:
    case UrlKind::Https:
    case UrlKind::Mailto:
    case UrlKind::Tel: return true;
    case UrlKind::Empty:
    case UrlKind::Other: return false;
  }
  return false;
}

bool is_allowed_image(const UrlVerdict& verdict) {
  return verdict.kind == UrlKind::Relative || verdict.kind == UrlKind::Https;
}

bool has_valid_host(const UrlVerdict& verdict) {
  if (verdict.kind != UrlKind::Http && verdict.kind != UrlKind::Https && verdict.kind != UrlKind::NetworkPath) {
    return true;
  }
  const std::string& url = verdict.cleaned;
  std::size_t begin = verdict.scheme.empty() ? 0 : verdict.scheme.size() + 1;
  while (begin < url.size() && (url[begin] == '/' || url[begin] == '\\')) ++begin;
  std::size_t end = url.find_first_of("/?#\\", begin);
  if (end == std::string::npos) end = url.size();
  std::string_view authority(url.data() + begin, end - begin);
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty() || authority.front() == ':') return false;
  for (unsigned char c : authority) {
    if (c <= 0x20 || c == 0x7F || std::string_view("<>\"{}|^`%").find(static_cast<char>(c)) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace appnotify
