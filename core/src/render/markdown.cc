// The HTML writer over md4c's parser callbacks. See appnotify/markdown.h for the policy.
#include "appnotify/markdown.h"

#include <algorithm>
#include <vector>

#include "appnotify/url_policy.h"
#include "render/html_entities.h"
#include "render/html_output.h"

extern "C" {
#include "md4c.h"
}

namespace appnotify {
namespace {

constexpr unsigned kParserFlags = MD_FLAG_NOHTML | MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_HARD_SOFT_BREAKS;
constexpr std::size_t kOutputSlack = 4096;

// An md4c attribute decoded into the characters a browser would see. `exact` becomes false when a
// named reference stayed as written because nothing could decode it (appnotify/html_entities.h).
std::string decode_attribute(const MD_ATTRIBUTE& attribute, bool& exact) {
  std::string out;
  if (attribute.text == nullptr) return out;
  for (int i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
    const MD_OFFSET begin = attribute.substr_offsets[i];
    const std::string_view part(attribute.text + begin, attribute.substr_offsets[i + 1] - begin);
    switch (attribute.substr_types[i]) {
      case MD_TEXT_ENTITY: exact = append_decoded_entity(out, part) && exact; break;
      case MD_TEXT_NULLCHAR: out += kReplacementCharacter; break;
      default: out += part; break;
    }
  }
  return out;
}

const char* link_kind(UrlKind kind) {
  switch (kind) {
    case UrlKind::Relative: return "app";
    case UrlKind::Mailto: return "mailto";
    case UrlKind::Tel: return "tel";
    default: return "external";
  }
}

class Writer {
 public:
  Writer(std::size_t input_size, RenderedContent& out)
      : html_(out.html),
        text_(out.text),
        needs_entities_(out.needs_entities),
        cap_(input_size * kMaxOutputFactor + kOutputSlack) {}

  // Sets the strings' lengths to what was written.
  void finish() {
    html_.finish();
    text_.finish();
  }

  int enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_UL:
        lists_.push_back({false, 0});
        html("<ul>\n");
        break;
      case MD_BLOCK_OL: {
        const unsigned start = static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start;
        lists_.push_back({true, start});
        if (start == 1) {
          html("<ol>\n");
        } else {
          html("<ol start=\"" + std::to_string(start) + "\">\n");
        }
        break;
      }
      case MD_BLOCK_LI:
        html("<li>");
        item_line_open_ = false;  // an empty item before this one still ends its line
        start_text_line();
        if (!lists_.empty() && lists_.back().ordered) {
          text_ += std::string_view(std::to_string(lists_.back().next++) + ". ");
        } else {
          text_ += std::string_view("\xE2\x80\xA2 ");  // •
        }
        item_line_open_ = true;  // a paragraph inside the item continues the bullet's line
        break;
      case MD_BLOCK_CODE:
        in_code_block_ = true;
        pending_code_break_ = false;
        [[fallthrough]];
      case MD_BLOCK_P:
      case MD_BLOCK_H:
      case MD_BLOCK_HTML:
        html("<p>");
        start_text_line();
        break;
      default:  // the document, block quotes, rules, tables: no markup of their own
        break;
    }
    return within_cap();
  }

  int leave_block(MD_BLOCKTYPE type) {
    switch (type) {
      case MD_BLOCK_UL:
        html("</ul>\n");
        lists_.pop_back();
        break;
      case MD_BLOCK_OL:
        html("</ol>\n");
        lists_.pop_back();
        break;
      case MD_BLOCK_LI: html("</li>\n"); break;
      case MD_BLOCK_CODE: in_code_block_ = false; [[fallthrough]];
      case MD_BLOCK_P:
      case MD_BLOCK_H:
      case MD_BLOCK_HTML: html("</p>\n"); break;
      default: break;
    }
    return within_cap();
  }

  int enter_span(MD_SPANTYPE type, void* detail) {
    if (type == MD_SPAN_IMG) {
      ++image_depth_;  // an image shows as its alt text: the text inside, with no markup
    } else if (image_depth_ > 0) {
      if (type == MD_SPAN_A) links_.push_back(false);
    } else if (type == MD_SPAN_EM) {
      html("<em>");
    } else if (type == MD_SPAN_STRONG) {
      html("<strong>");
    } else if (type == MD_SPAN_CODE) {
      html("<code>");
    } else if (type == MD_SPAN_A) {
      open_link(*static_cast<MD_SPAN_A_DETAIL*>(detail));
    }
    return within_cap();
  }

  int leave_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_IMG) {
      --image_depth_;
    } else if (type == MD_SPAN_A) {
      // md4c 0.5.2 can leave a link it never entered (fuzzing found "![]([)]()"): ignore that.
      if (!links_.empty()) {
        if (links_.back()) html("</a>");
        links_.pop_back();
      }
    } else if (image_depth_ > 0) {
      // no markup inside alt text
    } else if (type == MD_SPAN_EM) {
      html("</em>");
    } else if (type == MD_SPAN_STRONG) {
      html("</strong>");
    } else if (type == MD_SPAN_CODE) {
      html("</code>");
    }
    return within_cap();
  }

  int text(MD_TEXTTYPE type, std::string_view content) {
    switch (type) {
      case MD_TEXT_NULLCHAR: plain(kReplacementCharacter); break;
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR:
        if (image_depth_ > 0) {
          plain(" ");
        } else {
          html("<br>\n");
          text_ += '\n';
        }
        break;
      case MD_TEXT_ENTITY: entity(content); break;
      default:
        if (in_code_block_) {
          code_block_text(content);
        } else {
          plain(content);
        }
        break;
    }
    return within_cap();
  }

  // Closes links md4c entered but never left, so the output stays balanced whatever the parser does.
  void close_open_links() {
    for (bool written : links_) {
      if (written) html("</a>");
    }
    links_.clear();
  }

 private:
  struct List {
    bool ordered;
    unsigned next;
  };

  void html(std::string_view markup) { html_ += markup; }

  void entity(std::string_view reference) {
    std::string decoded;
    if (append_decoded_entity(decoded, reference)) return plain(decoded);
    // "&" + letters and digits + ";" with no table or decoder to look it up: the HTML keeps the
    // reference, which the browser decodes itself; the plain text keeps it as written.
    needs_entities_ = true;
    item_line_open_ = false;
    html(reference);
    text_ += reference;
  }

  void plain(std::string_view content) {
    item_line_open_ = false;
    escape_html_into(html_, content);
    text_ += content;
  }

  // Code block lines become lines of a paragraph; the block's final newline adds nothing.
  void code_block_text(std::string_view content) {
    std::size_t begin = 0;
    while (begin <= content.size()) {
      const std::size_t newline = content.find('\n', begin);
      const std::string_view line =
          content.substr(begin, newline == std::string_view::npos ? content.npos : newline - begin);
      if (!line.empty()) {
        if (pending_code_break_) {
          html("<br>\n");
          text_ += '\n';
          pending_code_break_ = false;
        }
        plain(line);
      }
      if (newline == std::string_view::npos) break;
      if (pending_code_break_) {  // an empty line inside the block
        html("<br>\n");
        text_ += '\n';
      }
      pending_code_break_ = true;
      begin = newline + 1;
    }
  }

  void start_text_line() {
    if (item_line_open_) {
      item_line_open_ = false;
    } else if (!text_.empty() && text_.back() != '\n') {
      text_ += '\n';
    }
  }

  void open_link(const MD_SPAN_A_DETAIL& detail) {
    bool exact = true;
    const UrlVerdict verdict = classify_url(decode_attribute(detail.href, exact));
    needs_entities_ = needs_entities_ || !exact;
    if (!exact || !is_allowed_link(verdict)) {
      links_.push_back(false);  // not a link: its text stays, as text
      return;
    }
    links_.push_back(true);
    html("<a href=\"");
    append_url_escaped(html_, verdict.cleaned);
    html("\"");
    if (detail.title.text != nullptr && detail.title.size > 0) {
      html(" title=\"");
      escape_html_into(html_, decode_attribute(detail.title, exact));
      needs_entities_ = needs_entities_ || !exact;
      html("\"");
    }
    html(" data-appnotify-link=\"");
    html(link_kind(verdict.kind));
    html("\"");
    if (std::string_view(link_kind(verdict.kind)) == "external") {
      html(" rel=\"noopener noreferrer\" target=\"_blank\"");
    }
    html(">");
  }

  int within_cap() const { return html_.size() + text_.size() > cap_ ? 1 : 0; }

  Output html_;
  Output text_;
  bool& needs_entities_;
  std::size_t cap_;
  std::vector<List> lists_;
  std::vector<bool> links_;  // per open A span: whether an <a> was written for it
  int image_depth_ = 0;
  bool in_code_block_ = false;
  bool pending_code_break_ = false;
  bool item_line_open_ = false;
};

int enter_block_cb(MD_BLOCKTYPE type, void* detail, void* writer) {
  return static_cast<Writer*>(writer)->enter_block(type, detail);
}
int leave_block_cb(MD_BLOCKTYPE type, void*, void* writer) { return static_cast<Writer*>(writer)->leave_block(type); }
int enter_span_cb(MD_SPANTYPE type, void* detail, void* writer) {
  return static_cast<Writer*>(writer)->enter_span(type, detail);
}
int leave_span_cb(MD_SPANTYPE type, void*, void* writer) { return static_cast<Writer*>(writer)->leave_span(type); }
int text_cb(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* writer) {
  return static_cast<Writer*>(writer)->text(type, std::string_view(text, size));
}

void trim_trailing_newlines(std::string& text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
}

}  // namespace

void append_escaped_html(std::string& out, std::string_view text) { escape_html_into(out, text); }

unsigned markdown_parser_flags() { return kParserFlags; }

void render_markdown_to(std::string_view markdown, RenderedContent& out) {
  MD_PARSER parser{};
  parser.flags = kParserFlags;
  parser.enter_block = enter_block_cb;
  parser.leave_block = leave_block_cb;
  parser.enter_span = enter_span_cb;
  parser.leave_span = leave_span_cb;
  parser.text = text_cb;

  out.html.clear();
  out.text.clear();
  out.needs_entities = false;
  Writer writer(markdown.size(), out);
  const int failed = md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &writer);
  if (!failed) writer.close_open_links();
  writer.finish();
  if (failed) {
    render_plain_text_to(markdown, out);  // over the output cap, or md4c out of memory: plain text is safe
    return;
  }
  trim_trailing_newlines(out.text);
}

RenderedContent render_markdown(std::string_view markdown) {
  RenderedContent out;
  out.html.reserve(markdown.size() + markdown.size() / 2 + 16);
  out.text.reserve(markdown.size());
  render_markdown_to(markdown, out);
  return out;
}

void render_plain_text_to(std::string_view text, RenderedContent& out) {
  out.html.clear();
  out.text.clear();
  out.needs_entities = false;
  std::size_t begin = 0;
  while (true) {
    const std::size_t newline = text.find('\n', begin);
    std::string_view line = text.substr(begin, newline == std::string_view::npos ? text.npos : newline - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    append_escaped_html(out.html, line);
    out.text += line;
    if (newline == std::string_view::npos) break;
    out.html += "<br>\n";
    out.text += '\n';
    begin = newline + 1;
  }
}

RenderedContent render_plain_text(std::string_view text) {
  RenderedContent out;
  render_plain_text_to(text, out);
  return out;
}

}  // namespace appnotify
