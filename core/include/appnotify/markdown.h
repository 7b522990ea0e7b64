// appnotify/markdown.h: notification content (data.title, data.body) from markdown to safe HTML.
//
// Parsing is md4c's (CommonMark, 0.5.2); the HTML writer is ours, because md4c's own leaves
// `javascript:` links live. The output holds only these elements and attributes, whatever the input:
//
//   p, br, strong, em, code, ul, ol (start), li, a (href, title, rel, target, data-appnotify-link)
//
// Everything else a sender writes appears as text or as its plain content: raw HTML is text,
// headings and code blocks become paragraphs, block quotes and rules leave their content (or
// nothing), images become their alt text. Every attribute value and all text is escaped.
//
// Links pass the URL policy (appnotify/url_policy.h) after the href is decoded as a browser would
// decode it (entities, backslash escapes, tabs and line breaks, leading controls); a link that
// fails it, or whose href holds a named reference while their table is missing, is rendered as its
// text alone. Each link says where it goes in data-appnotify-link:
//   "app"      app-relative ("?pagetype=...", "/path", "#x"): the page embedding appnotify routes it;
//   "external" http, https or a network path: also target="_blank" rel="noopener noreferrer";
//   "mailto", "tel".
//
// Newlines in the source are line breaks (notification text is written line by line); bare URLs,
// www. addresses and e-mail addresses become links as autolinks do.
//
// Work is linear in the input: md4c bounds its own pathological cases, and output larger than
// kMaxOutputFactor times the input (plus a constant) makes the renderer fall back to escaped text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace appnotify {

struct RenderedContent {
  std::string html;  // the allow-listed HTML described above
  std::string text;  // the same content as plain text: for toasts, screen readers, truncation
  // A named reference ("&copy;") was met with neither their table nor a host's decoder there: the
  // result is safe but not exact; set a decoder and render again (appnotify/html_entities.h).
  bool needs_entities = false;
};

inline constexpr std::size_t kMaxOutputFactor = 16;

// Markdown (data.title, data.body).
RenderedContent render_markdown(std::string_view markdown);

// Plain text (the title and body columns): escaped, line breaks kept as <br>.
RenderedContent render_plain_text(std::string_view text);

// The same, into `out` (cleared first), reusing its buffers: for rendering many texts in a row.
void render_markdown_to(std::string_view markdown, RenderedContent& out);
void render_plain_text_to(std::string_view text, RenderedContent& out);

// Appends `text` with & < > " ' escaped, safe in element content and in quoted attribute values.
void append_escaped_html(std::string& out, std::string_view text);

// The md4c parser flags the renderer uses (for tests that compare with md4c's own HTML writer).
unsigned markdown_parser_flags();

}  // namespace appnotify
