// The HTML5 named references, built in (see appnotify/html_entities.h for the build that leaves them out).
#include "html_entity_table.inc"  // generated from md4c's entity.c (cmake/HtmlEntities.cmake)

#include "appnotify/html_entities.h"

namespace appnotify {

std::string_view builtin_html_entities() { return {kHtmlEntityTable, sizeof(kHtmlEntityTable) - 1}; }

}  // namespace appnotify
