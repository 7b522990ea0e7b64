// appnotify/html_entities.h: the HTML5 named character references ("&copy;" and 2,124 others) that
// the markdown renderer decodes.
//
// Every build has the table built in except the page's display module (appnotify.wasm): the table is
// about 7 kB gzip, and a browser already holds it. That module asks its host instead (a resolver,
// below): in a page the browser's HTML parser (web/src/wasm/entities.js), elsewhere web/src/wasm/loader.js, which
// reads appnotify-entities.json in ready(). Without a table or a resolver, rendering stays safe and
// nearly exact: a named reference in text goes into the HTML as the reference itself (a browser decodes
// it) and into the plain text as written; a link whose address holds one shows as its text; and
// RenderedContent::needs_entities says so.
#pragma once

#include <cstdint>
#include <string_view>

namespace appnotify {

/// The table this build has (cmake/HtmlEntities.cmake describes its text). core/src/render/html_entity_table.cc
/// answers the whole table; a build without it links its own definition answering ""
/// (wasm/no_builtin_entities.cc), which the linker then takes instead of the library's.
std::string_view builtin_html_entities();

/// Whether named references can be decoded: the table is built in, or a resolver is set.
bool html_entities_available();

/// A host's decoder of named references, for a build without the table. `name` is a reference's name
/// without "&" and ";" (letters and digits only). Answers its code points as first * 0x200000 + second
/// (second 0 when there is none), or -1 when it is not a named reference.
using HtmlEntityResolver = std::int64_t (*)(std::string_view name);

/// Decodes named references with `resolver` in a build without the table (a built-in table is used
/// instead); html_entities_available() is then true. nullptr removes it.
void set_html_entity_resolver(HtmlEntityResolver resolver);

}  // namespace appnotify
