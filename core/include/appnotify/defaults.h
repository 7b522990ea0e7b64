// appnotify/defaults.h: the product's defaults, in one place. The server (serve's flags, the Web
// API), the center engine and, through the wasm build, the page all read them here.
#pragma once

#include <cstdint>

namespace appnotify {

// How long a notification sent without ttlinseconds lives (14 days; serve --default-ttl changes it).
inline constexpr std::int64_t kDefaultTtlSeconds = 14 * 24 * 3600;

// How long a Timed toast shows until the user chooses another duration.
inline constexpr std::int64_t kDefaultToastMs = 4000;

}  // namespace appnotify
