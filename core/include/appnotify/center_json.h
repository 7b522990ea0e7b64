// appnotify/center_json.h: the center engine's events and state in their JSON vocabulary (the
// objects web/src/wasm/engine.js takes and answers), translated to and from the wire protocol
// (appnotify/center_wire.h) by the core itself. Native callers (the tests, tools) speak JSON through
// it; the page translates in JavaScript, for speed, the same way: both must write the lines of
// tests/vectors/protocol/center_wire.json exactly.
#pragma once

#include <string>
#include <string_view>

namespace appnotify {

// A JSON array of events ([{"type": "serverCreated", "item": {...}}, ...]) as wire lines, as
// engine.js writes them: an event it skips (an unknown type, a record without an id or a time)
// writes nothing. Text that is not a JSON array writes nothing.
std::string center_events_to_wire(std::string_view events_json);

// One answer of CenterWire::dispatch as the state object engine.js answers ({center, badge, toasts,
// more, deletes, persist, nextDeadline}), as JSON text.
std::string center_state_to_json(std::string_view wire);

}  // namespace appnotify
