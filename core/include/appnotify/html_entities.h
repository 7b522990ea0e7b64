// appnotify/html_entities.h: the HTML5 named character references ("&copy;" and 2,124 others) that
// the markdown renderer decodes.
//
// Every build has the table built in except the page's display module (appnotify.wasm): the table is
// about 7 kB gzip, every page with a center would download it, and notifications rarely hold a named
// reference. That module installs the table at run time instead (web/src/loader.js fetches
// appnotify-entities.txt the first time a text needs it, and in ready()). Until then rendering stays
// safe and nearly exact: a named reference in text goes into the HTML as the reference itself (the
// browser decodes it) and into the plain text as written; a link whose address holds one shows as its
// text; and RenderedContent::needs_entities asks for the table, after which rendering again gives the
// exact result.
#pragma once

#include <string>
#include <string_view>

namespace appnotify {

/// The table this build starts with. core/src/html_entity_table.cc answers the whole table; a build
/// that installs it at run time links its own definition answering "" (wasm/no_builtin_entities.cc),
/// which the linker then takes instead of the library's.
std::string_view builtin_html_entities();

/// Whether named references can be decoded: the table is built in or installed.
bool html_entities_available();

/// Installs the table: the text of appnotify-entities.txt (cmake/HtmlEntities.cmake describes it).
/// Answers false, and changes nothing, when the text is not such a table; a table already there stays.
bool install_html_entities(std::string table);

}  // namespace appnotify
