// libFuzzer target for the server's request handling: arbitrary bytes parsed as HTTP/1.1 by Beast
// with the server's limits, turned into the API's request as the server does it, and handled by the
// API over a real SQLite store (on /dev/shm when there is one, so that commits are cheap) with two
// users whose tokens the seeds carry. Beyond "no crash, no sanitizer report", every answer:
//   - comes (writes are answered from the writer thread: it waits for them);
//   - is never a 5xx: nothing a client sends is the server's fault;
//   - is JSON, when it says so;
//   - never shows what Bob's notification holds to anyone but Bob.
#include <unistd.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "auth/authenticator.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "http/beast_request.h"
#include "odata/api.h"
#include "push/push_hub.h"
#include "store/sqlite/sqlite_store.h"

namespace {

namespace http = boost::beast::http;
using namespace appnotify::server;

constexpr const char* kAlice = "a11ce000-0000-4000-8000-000000000001";
constexpr const char* kBob = "b0b00000-0000-4000-8000-000000000002";
constexpr const char* kBobsNotification = "b0b0b0b0-0000-4000-8000-00000000000b";
constexpr const char* kBobsSecret = "only-for-bob-7f3a91";  // the title of Bob's notification
constexpr std::int64_t kNow = 1795780800000;                // 2026-11-27T12:00:00Z

// The store's file (and its -wal, -shm), removed when the fuzzer exits.
std::string& database_file() {
  static std::string file;
  return file;
}

void remove_database() {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(database_file() + suffix, ignored);
}

struct World {
  std::unique_ptr<SqliteStore> store;
  Clock clock;
  PushHub hub;
  std::unique_ptr<Authenticator> authenticator;
  std::unique_ptr<Api> api;

  World() {
    const std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                                          : std::filesystem::temp_directory_path();
    database_file() = (dir / ("appnotify-fuzz-" + std::to_string(::getpid()) + ".db")).string();
    remove_database();
    std::atexit(remove_database);
    std::string error;
    store = SqliteStore::open(database_file(), error);
    if (!store) std::abort();
    clock.set(kNow);
    // Tokens as the seeds spell them: "Authorization: Bearer alice" / "Bearer bob".
    store->add_user(User{kAlice, "Alice", false, false, std::nullopt, true, kNow}, sha256_hex("alice"), kNow);
    store->add_user(User{kBob, "Bob", true, false, std::nullopt, true, kNow}, sha256_hex("bob"), kNow);
    StoredNotification bobs;
    bobs.id = kBobsNotification;
    bobs.owner = kBob;
    bobs.title = kBobsSecret;
    bobs.icontype = 100000000;
    bobs.toasttype = 200000000;
    bobs.priority = 200000000;
    bobs.created_ms = bobs.modified_ms = kNow;
    bobs.expires_ms = kNow + 3600 * 1000;
    bobs.created_by = kBob;
    std::promise<void> stored;
    store->create(bobs, [&](WriteResult) { stored.set_value(); });
    stored.get_future().wait();
    authenticator = std::make_unique<Authenticator>(*store, clock, std::nullopt);
    api = std::make_unique<Api>(*store, hub, clock, *authenticator, ApiOptions{});
  }
};

World& world() {
  static World instance;
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);  // the server's limits
  parser.body_limit(1 << 20);
  boost::beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(data, size), ec);
  if (ec == http::error::need_more) ec = {};
  if (!ec && !parser.is_done() && used == size) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;  // the server answers 400/413/431 before the API sees it

  HttpRequest request;
  if (!to_http_request(parser.get(), request)) return 0;  // answered 400 (bad %-escape)
  std::promise<HttpResponse> answered;
  auto answer = answered.get_future();
  if (!w.api->handle(request, [&answered](HttpResponse response) { answered.set_value(std::move(response)); })) {
    return 0;  // not the API's: static files, or 404
  }
  const HttpResponse response = answer.get();
  if (response.status < 200 || response.status >= 500) std::abort();
  const auto type = response.headers.find("Content-Type");
  if (type != response.headers.end() && type->second.rfind("application/json", 0) == 0 &&
      !nlohmann::json::accept(response.body)) {
    std::abort();
  }
  // Who the server took the caller for (the scheme is case-insensitive: "BeArer bob" is Bob).
  const std::optional<Principal> caller = w.authenticator->authenticate(request.header("authorization")).principal;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if ((!caller || caller->id != kBob) && response.body.find(kBobsSecret) != std::string::npos &&
      input.find(kBobsSecret) == std::string_view::npos) {
    std::abort();
  }
  return 0;
}
