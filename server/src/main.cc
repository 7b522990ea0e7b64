// appnotifyd: the appnotify server. The command line is CLI11's (see --help): an unknown flag, a
// flag without its value or a value out of range exits with status 2 and a message that names it.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

using namespace appnotify::server;

constexpr const char* kDescription =
    "appnotifyd: in-app notifications over an OData v4 Web API, with push.\n"
    "Requests authenticate with \"Authorization: Bearer <token>\": a static token (user add, user token) or,\n"
    "with --jwt-issuer/--jwt-audience/--jwt-jwks, a JWT from an OpenID Connect provider.";

void add_db(CLI::App& command, std::string& db) {
  command
      .add_option("--db", db,
                  "a SQLite database file, created when missing (WAL mode: PATH-wal, PATH-shm beside it), or a "
                  "PostgreSQL database: postgresql://... (any libpq URI), which many servers may share")
      ->required()
      ->type_name("PATH_OR_URI");
}

// A whole-number flag within [low, high] that shows its type and default in --help.
template <typename Number, typename Bound>
void add_number(CLI::App& command, const std::string& name, Number& value, const std::string& help,
                const std::string& type, Bound low, Bound high) {
  command.add_option(name, value, help)->type_name(type)->check(CLI::Range(low, high))->capture_default_str();
}

void add_serve(CLI::App& app, ServeArguments& a) {
  CLI::App& serve = *app.add_subcommand("serve", "Serves the Web API and the push stream.");
  serve.footer(
      "Serves the Web API under /api/data/v9.0|v9.1|v9.2/ (appnotifications, SendAppNotification, WhoAmI,\n"
      "$metadata) and the push stream at /api/appnotify/v1/stream (Server-Sent Events). The first line on\n"
      "stdout says where it listens: {\"listening\": \"HOST:PORT\"}. SIGTERM or SIGINT drains: no new\n"
      "connections, requests in progress finish, exit status 0. Logs: one JSON line per request on stderr.");
  add_db(serve, a.db);
  serve.add_option("--listen", a.listen, "address to serve on (port 0 picks a free one)")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  serve.add_option("--static", a.static_dir, "also serve the files in DIR (the demo page, the package) outside /api/")
      ->type_name("DIR")
      ->check(CLI::ExistingDirectory);
  add_number(serve, "--default-ttl", a.default_ttl, "lifetime of notifications sent without ttlinseconds (14 days)",
             "SECONDS", 1LL, 2147483647LL);
  serve
      .add_option("--threads", a.threads,
                  "I/O threads (default 2 on SQLite; 8 on PostgreSQL, where a query holds its thread while it waits "
                  "for the database)")
      ->check(CLI::Range(1, 64));
  add_number(serve, "--max-body", a.max_body, "larger request bodies answer 413", "BYTES", 1024LL, 1LL << 40);
  add_number(serve, "--heartbeat", a.heartbeat, "push streams send a comment this often", "SECONDS", 1, 3600);
  add_number(serve, "--idle-timeout", a.idle_timeout, "keep-alive connections close after this long idle", "SECONDS", 1,
             86400);
  add_number(serve, "--header-timeout", a.header_timeout,
             "a new connection's first request must arrive whole within this", "SECONDS", 1, 3600);
  add_number(serve, "--max-connections", a.max_connections,
             "connections held at once, streams included (lowered to what the open-files limit allows); over "
             "it, the longest-idle keep-alive connection is closed, or the newcomer refused with 503",
             "N", 1LL, 1000000LL);
  add_number(serve, "--max-connections-per-address", a.max_connections_per_address,
             "connections held at once from one client address (loopback and --trusted-proxy addresses have no "
             "limit); over it, that "
             "address's longest-idle connection is closed, or the newcomer refused with 429",
             "N", 1LL, 1000000LL);
  add_number(serve, "--max-requests", a.max_requests,
             "requests one caller may make per --max-requests-window (Dataverse's service protection: over it, "
             "429 with Retry-After and code 0x80072322)",
             "N", 1LL, 1000000000LL);
  add_number(serve, "--max-requests-window", a.max_requests_window, "the sliding window of --max-requests", "SECONDS",
             1LL, 86400LL);
  add_number(serve, "--max-concurrent-requests", a.max_concurrent_requests,
             "requests of one caller in progress at once (over it, 429 with Retry-After and code 0x80072326)", "N", 1LL,
             100000LL);
  add_number(serve, "--max-execution-time", a.max_execution_time_ms,
             "the time one caller's requests may run per --max-requests-window (over it, 429 with Retry-After "
             "and code 0x80072321)",
             "MS", 1LL, 1000000000LL);
  add_number(serve, "--max-streams", a.max_streams, "push streams open at once; over it, a new one answers 429", "N",
             1LL, 1000000LL);
  add_number(serve, "--max-streams-per-user", a.max_streams_per_user,
             "push streams one user may hold open at once (a page each); over it, a new one answers 429", "N", 1LL,
             100000LL);
  add_number(serve, "--sweep-interval", a.sweep_interval, "expired notifications are deleted this often", "SECONDS",
             1LL, 86400LL);
  add_number(serve, "--page-cache-mb", a.page_cache_mb,
             "memory for answering repeated polls of an unchanged center (0: off; off on PostgreSQL). A user's "
             "cached pages are dropped on every write of theirs and when a record expires",
             "MB", 0LL, 65536LL);
  serve
      .add_option("--cors-origin", a.cors_origins,
                  "a web origin whose pages may call the API and open the push stream, such as "
                  "https://app.example.com (repeatable), or * for any")
      ->type_name("ORIGIN")
      ->take_all()
      ->allow_extra_args(false);
  add_number(serve, "--statement-timeout", a.statement_timeout_ms,
             "the database stops any SQL statement that runs longer (SQLite's progress handler, PostgreSQL's "
             "statement_timeout); the request answers 503 store.timeout with Retry-After",
             "MS", 1LL, 3600000LL);
  add_number(serve, "--outbound-timeout", a.outbound_timeout_ms,
             "the deadline of each step of an outbound request (the issuer's keys): resolving, connecting, the "
             "TLS handshake, writing, each read; the whole request has four times as long",
             "MS", 10LL, 600000LL);
  serve
      .add_option("--public-url", a.public_url,
                  "the URL clients reach this server at, such as https://notify.example.com behind a TLS proxy: every "
                  "absolute link in an answer (@odata.nextLink, deltaLink, OData-EntityId, Location) starts with it. "
                  "Without it, links follow a --trusted-proxy's Forwarded or X-Forwarded-Proto/-Host headers, else "
                  "the address the connection came in on (a Host header naming anything else is not reflected)")
      ->type_name("URL");
  serve
      .add_option("--trusted-proxy", a.trusted_proxies,
                  "an address or CIDR block (10.0.0.0/8, ::1) of a proxy whose Forwarded and X-Forwarded-Proto/-Host "
                  "headers say how clients reached it (repeatable)")
      ->type_name("CIDR")
      ->take_all()
      ->allow_extra_args(false);
  serve
      .add_option("--metrics-token", a.metrics_token,
                  "GET /metrics then needs \"Authorization: Bearer TOKEN\" (by default it is open, like /healthz and "
                  "/readyz: keep it off the public side of the proxy, or set this)")
      ->type_name("TOKEN");
  serve.add_option("--jwt-issuer", a.jwt.issuer, "accept JWTs whose iss is ISS (with --jwt-audience and --jwt-jwks)")
      ->type_name("ISS");
  serve.add_option("--jwt-audience", a.jwt.audiences, "the aud a JWT must hold (repeatable: any of them)")
      ->type_name("AUD")
      ->take_all()
      ->allow_extra_args(false);
  serve
      .add_option("--jwt-jwks", a.jwt.jwks,
                  "the issuer's keys: a JWKS file (read again when it changes) or its jwks_uri, https://... "
                  "(fetched in the background at start, every hour, and when a token names an unknown kid, at most "
                  "every 5 s; the old keys stay until new ones arrive)")
      ->type_name("FILE_OR_URL");
  add_number(serve, "--jwt-leeway", a.jwt.leeway, "allowed clock skew for exp, nbf and iat", "SECONDS", 0, 600);
  serve.add_option("--jwt-user-claim", a.jwt.user_claim, "the claim that names the user (default oid, else sub)")
      ->type_name("CLAIM");
  serve.add_option("--jwt-send-role", a.jwt.send_role, "the role (in the roles claim) that may send to other users")
      ->type_name("ROLE")
      ->capture_default_str();
  serve
      .add_option("--jwt-algorithms", a.jwt.algorithms,
                  "the signature algorithms accepted, comma-separated, from RS256, PS256, ES256, EdDSA (default: all "
                  "four)")
      ->type_name("LIST")
      ->delimiter(',')
      ->check(CLI::IsMember({"RS256", "PS256", "ES256", "EdDSA"}));
  serve.add_flag("--test-clock", a.test_clock,
                 "for tests only: PUT /api/appnotify/v1/test/clock {\"now\": ms} from this machine (a loopback "
                 "address) sets the time; said at start");
  serve.callback([&a] { a.chosen = true; });
}

// user add|list|disable|enable|token|grant-send|revoke-send
void add_user_commands(CLI::App& app, UserArguments& a) {
  CLI::App& user = *app.add_subcommand("user", "Manages the users of a database (on a running server too).");
  user.require_subcommand(1);
  CLI::App& add = *user.add_subcommand(
      "add",
      "Creates a user and prints {\"systemuserid\": \"<guid>\", \"token\": \"<secret>\"}. The token is shown once and "
      "stored only as a SHA-256 hash.");
  add_db(add, a.db);
  add.add_option("--name", a.name, "the user's display name")->required();
  add.add_flag("--can-send", a.can_send, "may send notifications to other users");
  add.add_option("--id", a.id, "use this systemuserid instead of a new random one (e.g. to mirror a directory)")
      ->type_name("GUID");
  add.add_option("--issuer", a.issuer,
                 "the identity provider whose JWTs may also sign in as this user (with --id: the user's oid)")
      ->type_name("ISS");
  add.callback([&a] { a.command = "add"; });
  CLI::App& list = *user.add_subcommand("list", "Prints one JSON line per user.");
  add_db(list, a.db);
  list.callback([&a] { a.command = "list"; });
  const std::pair<const char*, const char*> changes[] = {
      {"disable", "Disables a user: their requests answer 401 and their push streams close within a second."},
      {"enable", "Enables a disabled user again."},
      {"token", "Issues a new static token (printed as user add does) and revokes the old one."},
      {"grant-send", "Lets a user send notifications to other users."},
      {"revoke-send", "Takes the send privilege away (a JWT's send role still grants it)."},
  };
  for (const auto& [name, description] : changes) {
    CLI::App& change = *user.add_subcommand(name, description);
    add_db(change, a.db);
    change.add_option("--id", a.id, "the user's systemuserid")->required()->type_name("GUID");
    change.callback([&a, command = std::string(name)] { a.command = command; });
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(kDescription, "appnotifyd");
  app.require_subcommand(1);
  ServeArguments serve;
  UserArguments user;
  add_serve(app, serve);
  add_user_commands(app, user);
  if (argc < 2) {
    std::cout << app.help();
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 says "A subcommand is required" for a misspelt command: name it instead.
    CLI::App* level = &app;
    for (int i = 1; i < argc && e.get_name() == "RequiredError"; ++i) {
      const std::string word = argv[i];
      if (word.rfind("-", 0) == 0) break;
      CLI::App* next = nullptr;
      for (CLI::App* command : level->get_subcommands({})) next = command->get_name() == word ? command : next;
      if (!next) {
        std::string known;
        for (CLI::App* command : level->get_subcommands({})) known += (known.empty() ? "" : ", ") + command->get_name();
        std::cerr << "appnotifyd: unknown command \"" << word << "\" (commands: " << known << ")\n";
        return 2;
      }
      level = next;
    }
    return app.exit(e) == 0 ? 0 : 2;  // 0: --help
  }
  return serve.chosen ? run_serve(serve) : run_user_command(user);
}
