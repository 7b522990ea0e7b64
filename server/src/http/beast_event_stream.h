// The EventStream (event_stream.h) on a Beast connection: used by the HTTP server only.
#pragma once

#include <boost/beast/core.hpp>
#include <memory>
#include <string>

#include "http/event_stream.h"

namespace appnotify::server {

// Takes over `connection`, writes `head` (the answer's status line, headers and first bytes) and
// starts the heartbeat; must be called on the connection's strand.
std::shared_ptr<EventStream> start_event_stream(boost::beast::tcp_stream connection, std::string head,
                                                int heartbeat_seconds);

}  // namespace appnotify::server
