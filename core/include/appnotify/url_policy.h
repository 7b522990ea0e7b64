// appnotify/url_policy.h: which URLs a sender may put in front of a recipient.
//
// A URL is read the way a browser's URL parser reads it before it is classified: leading and
// trailing C0 controls and spaces are dropped, tabs and line breaks anywhere are removed, and the
// scheme is compared case-insensitively. Percent-escapes never form a scheme (a browser does not
// decode them there either), so "javascript%3A..." is a harmless relative path.
#pragma once

#include <string>
#include <string_view>

namespace appnotify {

enum class UrlKind {
  Empty,        // nothing left after stripping
  Relative,     // app-relative: "?pagetype=...", "/path", "#x", "page.aspx"
  NetworkPath,  // "//host/path": another host, with the page's scheme
  Http,
  Https,
  Mailto,
  Tel,
  Other,  // any other scheme (javascript:, data:, vbscript:, file:, ...): never allowed
};

struct UrlVerdict {
  UrlKind kind = UrlKind::Empty;
  std::string cleaned;  // the URL as the browser would see it (stripped, as described above)
  std::string scheme;   // lowercase scheme when there is one, else ""
};

UrlVerdict classify_url(std::string_view raw);

// Links and actions: relative, http, https, mailto, tel (and network paths, which are http(s)).
bool is_allowed_link(const UrlVerdict& verdict);
// Images (data.iconUrl): relative or https only.
bool is_allowed_image(const UrlVerdict& verdict);

// For http(s) and network paths: whether there is a host a browser can parse (not empty, no
// spaces, controls or characters such as < > " ^ |). Other kinds answer true.
bool has_valid_host(const UrlVerdict& verdict);

}  // namespace appnotify
