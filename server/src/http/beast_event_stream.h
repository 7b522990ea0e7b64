// The EventStream (event_stream.h) on a Beast connection: used by the HTTP server only.
#pragma once

#include <boost/beast/core.hpp>
#include <memory>
#include <string>

#include "http/event_stream.h"

namespace appnotify::server {

// Takes over `connection`, writes `head` (the answer's status line, headers and first bytes) and
// starts the heartbeat; must be called on the connection's strand. `slot` is kept until the stream
// ends (the connection's count, connection_limits.h).
std::shared_ptr<EventStream> start_event_stream(boost::beast::tcp_stream connection, std::string head,
                                                int heartbeat_seconds, std::shared_ptr<void> slot);

}  // namespace appnotify::server
