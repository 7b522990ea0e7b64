// The CommonMark spec examples (md4c 0.5.2 test/spec.txt), rendered by our writer and by md4c's
// own HTML writer with the same parser flags. Every example must either match md4c-html exactly
// or differ only by our policy, which the test applies to md4c-html's output to predict ours:
//   headings -> paragraphs, code blocks -> paragraphs of lines, block quotes and rules -> their
//   content, images -> alt text, links that fail the URL policy -> their text.
// Our extra link attributes (data-appnotify-link, rel, target) and the &#39; escape are ignored.
// Nothing may remain unexplained. The figures are printed for the record.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "appnotify/markdown.h"
#include "appnotify/url_policy.h"

extern "C" {
#include "md4c-html.h"
}

namespace appnotify {
namespace {

struct Example {
  int number;
  std::string section;
  std::string markdown;
};

std::vector<Example> load_spec() {
  std::ifstream in(APPNOTIFY_MD4C_SPEC);
  std::vector<Example> examples;
  const std::string fence(32, '`');
  std::string line, section;
  bool in_markdown = false, in_example = false;
  Example current;
  while (std::getline(in, line)) {
    if (!in_example && line.rfind(fence + " example", 0) == 0) {
      in_example = in_markdown = true;
      current = {static_cast<int>(examples.size()) + 1, section, ""};
    } else if (in_example && line == fence) {
      in_example = false;
      examples.push_back(current);
    } else if (in_example && in_markdown && line == ".") {
      in_markdown = false;
    } else if (in_example && in_markdown) {
      for (std::size_t at; (at = line.find("\xE2\x86\x92")) != std::string::npos;) line.replace(at, 3, "\t");
      current.markdown += line + "\n";
    } else if (!in_example && line.rfind("#", 0) == 0) {
      section = line.substr(line.find(' ') + 1);
    }
  }
  return examples;
}

std::string md4c_html(const std::string& markdown) {
  std::string out;
  md_html(
      markdown.data(), static_cast<MD_SIZE>(markdown.size()),
      [](const MD_CHAR* text, MD_SIZE size, void* sink) { static_cast<std::string*>(sink)->append(text, size); }, &out,
      markdown_parser_flags(), 0);
  return out;
}

std::string replace_all(std::string text, const std::regex& pattern, const std::string& with) {
  return std::regex_replace(text, pattern, with);
}

std::string ours_normalized(const std::string& markdown) {
  std::string html = render_markdown(markdown).html;
  html = replace_all(
      html, std::regex(R"re( data-appnotify-link="[a-z]+"| rel="noopener noreferrer"| target="_blank")re"), "");
  return replace_all(html, std::regex("&#39;"), "'");
}

std::string unescape_attribute(std::string value) {
  return replace_all(replace_all(value, std::regex("&amp;"), "&"), std::regex("&quot;"), "\"");
}

// md4c-html's output with our policy applied; `applied` collects which rules changed it.
std::string project_policy(std::string html, std::map<std::string, int>& applied) {
  auto apply = [&](const char* rule, const std::regex& pattern, const std::string& with) {
    std::string next = std::regex_replace(html, pattern, with);
    if (next != html) ++applied[rule];
    html = next;
  };
  apply("heading as paragraph", std::regex("<(/?)h[1-6]>"), "<$1p>");
  apply("thematic break dropped", std::regex("<hr>\n"), "");
  apply("block quote unwrapped", std::regex("</?blockquote>\n"), "");
  // Code blocks: the lines of the block joined by <br>, without the block's final newline.
  const std::regex code_block(R"re(<pre><code(?: class="[^"]*")?>([\s\S]*?)</code></pre>)re");
  std::smatch match;
  std::string rebuilt;
  std::string rest = html;
  bool had_code = false;
  while (std::regex_search(rest, match, code_block)) {
    std::string body = match[1].str();
    if (!body.empty() && body.back() == '\n') body.pop_back();
    rebuilt += match.prefix().str() + "<p>" + std::regex_replace(body, std::regex("\n"), "<br>\n") + "</p>";
    rest = match.suffix().str();
    had_code = true;
  }
  if (had_code) {
    html = rebuilt + rest;
    ++applied["code block as paragraph"];
  }
  apply("image as alt text", std::regex(R"re(<img src="[^"]*" alt="([^"]*)"(?: title="[^"]*")?>)re"), "$1");
  // Links the URL policy refuses keep only their text.
  const std::regex link(R"re(<a href="([^"]*)"((?: title="[^"]*")?)>([\s\S]*?)</a>)re");
  rebuilt.clear();
  rest = html;
  bool dropped = false;
  while (std::regex_search(rest, match, link)) {
    const bool allowed = is_allowed_link(classify_url(unescape_attribute(match[1].str())));
    rebuilt += match.prefix().str() + (allowed ? match[0].str() : match[3].str());
    dropped = dropped || !allowed;
    rest = match.suffix().str();
  }
  html = rebuilt + rest;
  if (dropped) ++applied["link refused by the URL policy"];
  return html;
}

TEST(CommonMarkSpec, EveryExampleMatchesMd4cHtmlOrDiffersOnlyByPolicy) {
  const std::vector<Example> examples = load_spec();
  ASSERT_GT(examples.size(), 600u) << "spec.txt not found or not parsed: " << APPNOTIFY_MD4C_SPEC;
  int identical = 0, by_policy = 0;
  std::map<std::string, int> rules;
  std::vector<std::string> unexplained;
  for (const Example& example : examples) {
    const std::string ours = ours_normalized(example.markdown);
    const std::string theirs = md4c_html(example.markdown);
    if (ours == theirs) {
      ++identical;
      continue;
    }
    std::map<std::string, int> applied;
    if (ours == project_policy(theirs, applied) && !applied.empty()) {
      ++by_policy;
      for (const auto& [rule, count] : applied) rules[rule] += 1;
      continue;
    }
    unexplained.push_back("example " + std::to_string(example.number) + " (" + example.section +
                          ")\n  markdown: " + example.markdown + "  md4c-html: " + theirs + "  ours:      " + ours);
  }
  std::printf(
      "CommonMark spec examples: %zu; identical to md4c-html: %d; differing only by policy: %d; unexplained: %zu\n",
      examples.size(), identical, by_policy, unexplained.size());
  for (const auto& [rule, count] : rules) std::printf("  %-32s %d examples\n", rule.c_str(), count);
  for (const std::string& entry : unexplained) ADD_FAILURE() << entry;
}

}  // namespace
}  // namespace appnotify
