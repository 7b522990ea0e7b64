// The Api's routing: the test clock, $metadata, authentication, and which handler a path goes to.
#include "odata/api.h"

#include <chrono>
#include <mutex>

#include "auth/auth_response.h"
#include "http/connection_limits.h"
#include "http/error_response.h"
#include "odata/csdl.h"
#include "odata/odata_http.h"

namespace appnotify::server {

Api::Api(Store& store, ChangePublisher& publisher, Clock& clock, Authenticator& authenticator, ApiOptions options)
    : store_(store),
      publisher_(publisher),
      clock_(clock),
      authenticator_(authenticator),
      options_(options),
      pages_(options.page_cache_bytes),
      protection_(options.service_limits),
      pool_(options.workers, options.workers / 2) {}

void Api::committed(const std::vector<ChangeEvent>& events) {
  for (const ChangeEvent& event : events) pages_.invalidate(event.owner);
  publisher_.committed(events);
}

void Api::settle_lifetime(StoredNotification& record) const {
  record.ttl_seconds = record.ttl_seconds.value_or(options_.default_ttl_seconds);
  record.expires_ms = record.created_ms + *record.ttl_seconds * 1000;
}

namespace {

// The route of a path under /api/data/v9.x/ for the metrics and the log: one of a few names.
std::string route_of(const std::string& rest) {
  static const char* const kKnown[] = {
      "", "$metadata", "WhoAmI", "WhoAmI()", "SendAppNotification", "appnotifications", "appnotifications/$count"};
  for (const char* known : kKnown) {
    if (rest == known) return std::string("/api/data/v9/") + known;
  }
  if (rest.rfind("appnotifications(", 0) == 0) return "/api/data/v9/appnotifications({id})";
  return "/api/data/v9/other";
}

}  // namespace

bool Api::handle(const HttpRequest& request, const Reply& reply) {
  const std::string& path = request.path;
  if (path == "/api/appnotify/v1/test/clock" && clock_.test_control()) {
    const Json body = Json::parse(request.body, nullptr, false);
    HttpResponse response;
    if (!is_loopback(request.peer_address)) {  // tests run on the same machine; nobody else may
      response = error_response(403, kPrivilegeDenied, "test_clock.loopback_only",
                                "The test clock is set from this machine only (serve --test-clock).");
    } else if (request.method != "PUT" || !body.is_object() || !body.contains("now") ||
               !body["now"].is_number_integer()) {
      response = error_response(400, kInvalidArgument, "test_clock", "PUT {\"now\": <epoch ms>}");
    } else {
      clock_.set(body["now"].get<std::int64_t>());
      response = no_content();
    }
    response.route = path;
    reply(std::move(response));
    return true;
  }
  static const std::string kPrefix = "/api/data/v9.";
  if (path.rfind(kPrefix, 0) != 0 || path.size() < kPrefix.size() + 1 ||
      std::string("012").find(path[kPrefix.size()]) == std::string::npos ||
      (path.size() > kPrefix.size() + 1 && path[kPrefix.size() + 1] != '/')) {
    if (path.rfind("/api/", 0) == 0) {
      reply(not_found("The resource " + path));
      return true;
    }
    return false;
  }
  const std::string version = path.substr(1, kPrefix.size());  // "api/data/v9.2"
  const std::string rest = path.size() > kPrefix.size() + 2 ? path.substr(kPrefix.size() + 2) : "";
  return answer(version, rest, request, [reply, route = route_of(rest)](HttpResponse response) {
    response.route = route;
    reply(std::move(response));
  });
}

bool Api::answer(const std::string& version, const std::string& rest, const HttpRequest& request, const Reply& reply) {
  const std::string base = options_.origin.for_request(request) + "/" + version + "/";

  if (rest == "$metadata") {
    if (request.method != "GET") return reply(method_not_allowed("GET")), true;
    HttpResponse response;
    response.headers["Content-Type"] = "application/xml";
    response.headers["OData-Version"] = "4.0";
    response.body = csdl_document();
    reply(response);
    return true;
  }
  try {
    const AuthResult auth = authenticator_.authenticate(request.header("authorization"));
    if (authenticator_.should_wait(auth)) {  // the issuer's keys are being fetched: asked again then
      authenticator_.when_keys_fetched(
          [this, version, rest, request, reply] { answer(version, rest, request, reply); });
      return true;
    }
    if (!auth.principal) return reply(unauthenticated_response(auth)), true;
    ServiceProtection::Admission admission = protection_.admit(auth.principal->id, clock_.now_ms());
    if (admission.refused) return reply(std::move(*admission.refused)), true;
    // The work runs on the callers' fair pool, off the I/O threads. Before its answer goes out, the
    // time the request held a worker is charged to its caller and its ticket (in progress) is given
    // back, so that the caller's next request sees both. A write is answered after its commit, from
    // the writer: the wait for the commit held no worker and is not charged.
    struct Accounting {
      std::mutex mutex;
      std::shared_ptr<void> ticket;
      std::chrono::steady_clock::time_point started, left;  // the job's start, and its end once it ended
      bool answered = false;
    };
    auto accounting = std::make_shared<Accounting>();
    accounting->ticket = std::move(admission.ticket);
    Reply accounted = [this, reply, accounting, caller = auth.principal->id](HttpResponse response) {
      {
        std::lock_guard<std::mutex> lock(accounting->mutex);
        if (!accounting->answered) {
          accounting->answered = true;
          const auto end = accounting->left == std::chrono::steady_clock::time_point{}
                               ? std::chrono::steady_clock::now()
                               : accounting->left;
          protection_.charge(caller, std::chrono::duration<double, std::milli>(end - accounting->started).count());
          accounting->ticket.reset();
        }
      }
      reply(std::move(response));
    };
    pool_.submit(auth.principal->id, [this, base, rest, request, user = *auth.principal, accounted, accounting] {
      {
        std::lock_guard<std::mutex> lock(accounting->mutex);
        accounting->started = std::chrono::steady_clock::now();
      }
      try {
        route_data(base, rest, request, user, accounted);
      } catch (const StatementTimeout&) {  // a read past its deadline: nothing was written either
        accounted(statement_timeout_response());
      } catch (const StoreUnavailable&) {  // thrown before anything was written
        accounted(unavailable_response());
      }
      std::lock_guard<std::mutex> lock(accounting->mutex);
      accounting->left = std::chrono::steady_clock::now();
    });
  } catch (const StoreUnavailable&) {  // authenticating: nothing was written
    reply(unavailable_response());
  }
  return true;
}

void Api::route_data(const std::string& base, const std::string& rest, const HttpRequest& request,
                     const Principal& user, const Reply& reply) {
  const std::string& method = request.method;
  if (rest.empty()) {
    if (method != "GET") return reply(method_not_allowed("GET"));
    Json doc = {
        {"@odata.context", base + "$metadata"},
        {"value", Json::array({{{"name", "appnotifications"}, {"kind", "EntitySet"}, {"url", "appnotifications"}}})}};
    return reply(json_response(200, dump(doc)));
  }
  if (rest == "WhoAmI" || rest == "WhoAmI()") {
    if (method != "GET") return reply(method_not_allowed("GET"));
    return who_am_i(base, user, reply);
  }
  if (rest == "SendAppNotification") {
    if (method != "POST") return reply(method_not_allowed("POST"));
    return create(base, request, user, reply, true);
  }
  if (rest == "appnotifications") {
    if (method == "GET") return list(base, request, user, reply, false);
    if (method == "POST") return create(base, request, user, reply, false);
    return reply(method_not_allowed("GET, POST"));
  }
  if (rest == "appnotifications/$count") {
    if (method != "GET") return reply(method_not_allowed("GET"));
    return list(base, request, user, reply, true);
  }
  static const std::string kEntity = "appnotifications(";
  if (rest.rfind(kEntity, 0) == 0 && rest.back() == ')') {
    std::string id = rest.substr(kEntity.size(), rest.size() - kEntity.size() - 1);
    if (id.rfind("appnotificationid=", 0) == 0) id = id.substr(18);
    if (!is_guid(id)) {
      return reply(
          error_response(400, kInvalidArgument, "key.invalid_guid",
                         "The key must be a GUID such as appnotifications(6f9619ff-8b86-d011-b42d-00c04fc964ff)."));
    }
    id = lower(id);
    if (method == "GET") return get_one(base, id, request, user, reply);
    if (method == "PATCH") return patch(base, id, request, user, reply);
    if (method == "DELETE") return remove(id, user, reply);
    return reply(method_not_allowed("GET, PATCH, DELETE"));
  }
  reply(not_found("The resource " + rest));
}

void Api::who_am_i(const std::string& base, const Principal& user, const Reply& reply) {
  const std::string organization = store_.organization_id();
  Json body = {{"@odata.context", base + "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse"},
               {"BusinessUnitId", organization},
               {"UserId", user.id},
               {"OrganizationId", organization}};
  reply(json_response(200, dump(body)));
}

}  // namespace appnotify::server
