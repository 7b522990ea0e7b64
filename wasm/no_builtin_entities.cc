// The display module leaves the named references' table out and asks its host to decode them
// (appnotify/html_entities.h). This definition, linked as an object of the module, comes before the
// core library's, so the linker never takes the library's (and with it the table) in.
#include "appnotify/html_entities.h"

namespace appnotify {

std::string_view builtin_html_entities() { return {}; }

}  // namespace appnotify
