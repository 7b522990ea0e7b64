// appnotifyd: the appnotify server. See --help.
#include <cctype>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api.h"
#include "clock.h"
#include "http_server.h"
#include "push_hub.h"
#include "random_ids.h"
#include "sha256.h"
#include "sqlite_store.h"

namespace {

using namespace appnotify::server;

constexpr const char* kHelp = R"(appnotifyd: in-app notifications over an OData v4 Web API, with push.

Usage:
  appnotifyd serve --db PATH [--listen HOST:PORT] [--static DIR] [options]
  appnotifyd user add --db PATH --name NAME [--can-send] [--id GUID]
  appnotifyd --help

serve: answers the Web API under /api/data/v9.0|v9.1|v9.2/ (appnotifications, SendAppNotification,
WhoAmI, $metadata) and the push stream at /api/appnotify/v1/stream (Server-Sent Events).
  --db PATH              SQLite database file; created when missing (WAL mode: PATH-wal, PATH-shm beside it)
  --listen HOST:PORT     address to serve on (default 127.0.0.1:8080; port 0 picks a free one).
                         The first line on stdout says where it listens: {"listening": "HOST:PORT"}
  --static DIR           also serve the files in DIR (the demo page, the package) outside /api/
  --default-ttl SECONDS  lifetime of notifications sent without ttlinseconds (default 1209600, 14 days)
  --threads N            I/O threads (default 2)
  --max-body BYTES       larger request bodies answer 413 (default 1048576)
  --heartbeat SECONDS    push streams send a comment this often (default 15)
  --idle-timeout SECONDS keep-alive connections close after this long idle (default 75)
  --sweep-interval SECONDS  expired notifications are deleted this often (default 60)
  --page-cache-mb MB     memory for answering repeated polls of an unchanged center (default 64; 0: off).
                         A user's cached pages are dropped on every write of theirs and when a record expires
  --test-clock           for tests only: PUT /api/appnotify/v1/test/clock {"now": ms} sets the time
  SIGTERM or SIGINT drains: no new connections, requests in progress finish, exit status 0.
  Logs: one JSON line per request on stderr.

user add: creates a user and prints {"systemuserid": "<guid>", "token": "<secret>"}. The token is
shown once and stored only as a SHA-256 hash. Requests send it as "Authorization: Bearer <token>".
  --name NAME            the user's display name
  --can-send             may send notifications to other users
  --id GUID              use this systemuserid instead of a new random one (e.g. to mirror a directory)
)";

struct Arguments {
  std::vector<std::string> words;
  std::string value(const std::string& flag, const std::string& fallback = "") const {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      if (words[i] == flag) return words[i + 1];
    }
    return fallback;
  }
  bool has(const std::string& flag) const {
    for (const std::string& word : words) {
      if (word == flag) return true;
    }
    return false;
  }
};

int fail(const std::string& message) {
  std::cerr << "appnotifyd: " << message << "\n(see appnotifyd --help)\n";
  return 2;
}

bool read_number(const Arguments& args, const std::string& flag, long long fallback, long long min, long long& out) {
  const std::string text = args.value(flag);
  if (text.empty()) {
    out = fallback;
    return true;
  }
  if (text.find_first_not_of("0123456789") != std::string::npos || text.size() > 12) return false;
  out = std::stoll(text);
  return out >= min;
}

int user_add(const Arguments& args) {
  const std::string db = args.value("--db"), name = args.value("--name");
  if (db.empty()) return fail("user add needs --db PATH");
  if (name.empty()) return fail("user add needs --name NAME");
  std::string error;
  auto store = SqliteStore::open(db, error);
  if (!store) return fail("cannot open " + db + ": " + error);
  std::string id = args.value("--id", random_guid());
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (id.size() != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' ||
      id.find_first_not_of("0123456789abcdef-") != std::string::npos) {
    return fail("--id takes a GUID such as 6f9619ff-8b86-d011-b42d-00c04fc964ff");
  }
  const User user{id, name, args.has("--can-send")};
  const std::string token = random_token();
  if (!store->add_user(user, sha256_hex(token), Clock().now_ms())) return fail("could not add the user");
  std::cout << nlohmann::json({{"systemuserid", user.id}, {"token", token}}).dump() << std::endl;
  return 0;
}

int serve(const Arguments& args) {
  const std::string db = args.value("--db");
  if (db.empty()) return fail("serve needs --db PATH");
  ServerOptions options;
  const std::string listen = args.value("--listen", "127.0.0.1:8080");
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return fail("--listen takes HOST:PORT");
  options.host = listen.substr(0, colon);
  long long port, ttl, threads, max_body, heartbeat, idle, sweep, page_cache_mb;
  if (!read_number(args, "--default-ttl", 1209600, 1, ttl) || ttl > 2147483647)
    return fail("--default-ttl takes 1..2147483647");
  if (!read_number(args, "--threads", 2, 1, threads) || threads > 64) return fail("--threads takes 1..64");
  if (!read_number(args, "--max-body", 1 << 20, 1024, max_body))
    return fail("--max-body takes a size in bytes >= 1024");
  if (!read_number(args, "--heartbeat", 15, 1, heartbeat)) return fail("--heartbeat takes seconds >= 1");
  if (!read_number(args, "--idle-timeout", 75, 1, idle)) return fail("--idle-timeout takes seconds >= 1");
  if (!read_number(args, "--sweep-interval", 60, 1, sweep)) return fail("--sweep-interval takes seconds >= 1");
  if (!read_number(args, "--page-cache-mb", 64, 0, page_cache_mb) || page_cache_mb > 65536)
    return fail("--page-cache-mb takes 0..65536");
  const std::string port_text = listen.substr(colon + 1);
  if (port_text.empty() || port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5 ||
      (port = std::stoll(port_text)) > 65535) {
    return fail("--listen takes HOST:PORT with a port 0..65535");
  }
  options.port = static_cast<unsigned short>(port);
  options.threads = static_cast<int>(threads);
  options.static_dir = args.value("--static");
  options.max_body_bytes = static_cast<std::size_t>(max_body);
  options.heartbeat_seconds = static_cast<int>(heartbeat);
  options.idle_timeout_seconds = static_cast<int>(idle);
  options.sweep_interval_seconds = sweep;

  std::string error;
  auto store = SqliteStore::open(db, error);
  if (!store) return fail("cannot open " + db + ": " + error);
  Clock clock;
  if (args.has("--test-clock")) clock.enable_test_control();
  PushHub hub;
  Api api(*store, hub, clock, ApiOptions{ttl, 5000, static_cast<std::size_t>(page_cache_mb) << 20});
  HttpServer server(api, hub, options);
  if (!server.listen(error)) return fail(error);
  std::cout << nlohmann::json({{"listening", options.host + ":" + std::to_string(server.port())}}).dump() << std::endl;
  server.run();
  store->drain();
  std::cerr << "{\"stopped\": true}" << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args{std::vector<std::string>(argv + 1, argv + argc)};
  if (args.words.empty() || args.has("--help") || args.has("-h")) {
    std::cout << kHelp;
    return args.words.empty() ? 2 : 0;
  }
  if (args.words[0] == "serve") return serve(args);
  if (args.words.size() >= 2 && args.words[0] == "user" && args.words[1] == "add") return user_add(args);
  return fail("unknown command \"" + args.words[0] + "\"");
}
