// appnotify/center_wire.h: the notification center engine (appnotify/center.h) behind a compact
// text protocol, so the browser drives it with one string in and one string out per batch of events
// (thousands of notifications cross the JS/wasm boundary in about a millisecond).
//
// The protocol is written down here, once; its keywords are the events' and the state's names in
// JavaScript (web/src/wasm/engine.js), and appnotify/center_json.h translates the same JSON
// vocabulary in the core. tests/vectors/protocol/center_wire.json holds examples of each line, which
// both translations must produce exactly (the native and the wasm ring check them).
//
// Input: one event per line, fields separated by tabs; ids are space-free (GUIDs); times are integer
// milliseconds; an empty field means "none".
//   serverList <serverNow> <count>      then <count> lines:  item <id> <created> <priority> <toasttype> <ttl>
//   serverCreated <id> <created> <priority> <toasttype> <ttl>   (created: ms, or ISO 8601 text as in createdon)
//   serverDeleted <id>      serverTime <serverNow>      markSeen <id id ...>
//   restore <lastOpenedMs> <seen id id ...> <pending id id ...>
//   openCenter    closeCenter    dismiss <id>    dismissAll    closeToast <id, or empty for "more">
//   hoverToast <id>    unhoverToast <id>    settings <toastsEnabled 1|0> <durationMs> <here 1|0, empty: 1>
//   deleteResult <id> <deleted|gone|failed>    pageHide
// Output: one line per fact, in this order:
//   center <version> <id id ...>     (only when the list changed since the last answer)
//   badge <n>
//   toast <id> <remainingMs> <paused 1|0>   (one per visible toast, in display order)
//   more <count> <remainingMs> <paused 1|0>
//   delete <id> <attempt>                   (one per DELETE to send)
//   seen <id id ...>   lastOpened <ms>   pending <id id ...>   unseen <id id ...>   (state to persist,
//                                                                                  when it changed)
//   deadline <ms or empty>
// Unknown or malformed lines are skipped and counted: "skipped <n>" follows when there were any.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "appnotify/center.h"

namespace appnotify {

class CenterWire {
 public:
  explicit CenterWire(CenterConfig config = {}) : center_(config) {}

  // Applies the events at time `now` and answers the state after them.
  std::string dispatch(std::int64_t now, std::string_view events);

  Center& center() { return center_; }

 private:
  Center center_;
  std::uint64_t answered_version_ = UINT64_MAX;
};

}  // namespace appnotify
