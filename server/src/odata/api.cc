#include "odata/api.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>

#include "appnotify/guid.h"
#include "appnotify/validate.h"
#include "auth/auth_response.h"
#include "base/random_ids.h"
#include "http/error_response.h"
#include "odata/change_tracking.h"
#include "odata/csdl.h"
#include "odata/odata_query.h"
#include "odata/records_json.h"

namespace appnotify::server {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

HttpResponse json_response(int status, const std::string& body) {
  HttpResponse response;
  response.status = status;
  response.headers["Content-Type"] = "application/json; odata.metadata=minimal";
  response.headers["OData-Version"] = "4.0";
  response.body = body;
  return response;
}

HttpResponse no_content() {
  HttpResponse response;
  response.status = 204;
  response.headers["OData-Version"] = "4.0";
  return response;
}

HttpResponse not_found(const std::string& what) {
  return error_response(404, kObjectDoesNotExist, "not_found", what + " does not exist.");
}

HttpResponse method_not_allowed(const std::string& allow) {
  HttpResponse response =
      error_response(405, kMethodNotAllowed, "method_not_allowed", "This resource accepts " + allow + " only.");
  response.headers["Allow"] = allow;
  return response;
}

bool is_guid(const std::string& text) { return parse_guid(text).has_value() && text.size() == 36; }

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// One Prefer preference ("return=...", "odata.maxpagesize=...", "odata.track-changes"): its value
// ("" when it has none), or nullopt when the request does not state it.
std::optional<std::string> preference_item(const HttpRequest& request, const std::string& name) {
  const std::string prefer = request.header("prefer");
  std::size_t begin = 0;
  while (begin < prefer.size()) {
    std::size_t end = prefer.find(',', begin);
    if (end == std::string::npos) end = prefer.size();
    std::string item = prefer.substr(begin, end - begin);
    begin = end + 1;
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    const std::size_t equals = item.find('=');
    if (lower(item.substr(0, equals)) != name) continue;
    return equals == std::string::npos ? "" : item.substr(equals + 1);
  }
  return std::nullopt;
}

std::string preference(const HttpRequest& request, const std::string& name) {
  return preference_item(request, name).value_or("");
}

HttpResponse validation_error(const ValidationResult& result) {
  const std::string count = std::to_string(result.errors.size());
  std::string message = result.errors.front().message;
  if (result.errors.size() > 1) message = count + " problems; the first: " + message;
  return error_response(400, kInvalidArgument, result.errors.front().code, message, result.errors);
}

std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || std::string_view("-._~$(),'").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// The @odata.context of the collection, with the columns of a $select.
std::string collection_context(const std::string& base, const std::vector<std::string>& select) {
  std::string context = base + "$metadata#appnotifications";
  if (select.empty()) return context;
  context += "(";
  for (std::size_t i = 0; i < select.size(); ++i) context += (i ? "," : "") + select[i];
  return context + ")";
}

// The answer to a write the store did not carry out, or nullopt when it did.
std::optional<HttpResponse> write_failure(const WriteResult& written, const std::string& what) {
  switch (written.status) {
    case WriteStatus::Ok: return std::nullopt;
    case WriteStatus::NotFound: return not_found(what);
    case WriteStatus::Conflict:
      return error_response(412, kDuplicateRecord, "duplicate_key", "A notification with this id already exists.");
    case WriteStatus::Failed: break;
  }
  HttpResponse response =
      error_response(503, kUnavailable, "storage_unavailable", "The notification could not be stored; try again.");
  response.headers["Retry-After"] = "1";
  return response;
}

// The validated record's columns as the store keeps them; times and authorship are the caller's.
StoredNotification stored_from(const Notification& n, std::string id) {
  StoredNotification record;
  record.id = std::move(id);
  record.owner = n.owner_id;
  record.title = n.title;
  record.body = n.body;
  record.icontype = static_cast<int>(n.icon_type);
  record.toasttype = static_cast<int>(n.toast_type);
  record.priority = static_cast<int>(n.priority);
  record.ttl_seconds = n.ttl_seconds;
  record.data = n.data;
  return record;
}

}  // namespace

Api::Api(Store& store, ChangePublisher& publisher, Clock& clock, Authenticator& authenticator, ApiOptions options)
    : store_(store),
      publisher_(publisher),
      clock_(clock),
      authenticator_(authenticator),
      options_(options),
      pages_(options.page_cache_bytes) {}

void Api::committed(const std::vector<ChangeEvent>& events) {
  for (const ChangeEvent& event : events) pages_.invalidate(event.owner);
  publisher_.committed(events);
}

void Api::settle_lifetime(StoredNotification& record) const {
  record.ttl_seconds = record.ttl_seconds.value_or(options_.default_ttl_seconds);
  record.expires_ms = record.created_ms + *record.ttl_seconds * 1000;
}

bool Api::handle(const HttpRequest& request, const Reply& reply) {
  const std::string& path = request.path;
  if (path == "/api/appnotify/v1/test/clock" && clock_.test_control()) {
    const Json body = Json::parse(request.body, nullptr, false);
    if (request.method != "PUT" || !body.is_object() || !body.contains("now") || !body["now"].is_number_integer()) {
      reply(error_response(400, kInvalidArgument, "test_clock", "PUT {\"now\": <epoch ms>}"));
    } else {
      clock_.set(body["now"].get<std::int64_t>());
      reply(no_content());
    }
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
  // The Host header goes into every @odata.context and link: only a plain authority may (a stray
  // byte, e.g. invalid UTF-8, would otherwise make the answer invalid JSON).
  std::string host = request.header("host");
  const bool plain_authority = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view(".-_:[]").find(c) != std::string_view::npos;
  });
  if (!plain_authority) host = "localhost";
  const std::string base = "http://" + host + "/" + version + "/";

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
    if (!auth.principal) return reply(unauthenticated_response(auth)), true;
    route_data(base, rest, request, *auth.principal, reply);
  } catch (const StoreUnavailable&) {  // thrown before anything was written
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

void Api::create(const std::string& base, const HttpRequest& request, const Principal& user, const Reply& reply,
                 bool send_action) {
  const ValidationResult result =
      send_action ? validate_send_app_notification(request.body) : validate_create(request.body);
  if (!result.ok()) return reply(validation_error(result));
  const Notification& n = *result.value;
  // An application principal owns nothing: whatever it sends goes to a user who exists.
  if (n.owner_id != user.id || user.application) {
    if (!user.can_send) {
      return reply(error_response(403, kPrivilegeDenied, "auth.cannot_send",
                                  "Creating a notification for another user needs the send privilege."));
    }
    if (!store_.user_by_id(n.owner_id)) {
      return reply(error_response(400, kInvalidArgument, "owner.unknown_user",
                                  "No user has the systemuserid " + n.owner_id + "."));
    }
  }
  StoredNotification record = stored_from(n, n.id.value_or(random_guid()));
  record.created_ms = record.modified_ms = clock_.now_ms();
  settle_lifetime(record);
  record.created_by = user.id;
  const bool representation = lower(preference(request, "return")) == "representation";
  store_.create(record, [this, base, reply, representation, send_action](WriteResult written) {
    if (auto failure = write_failure(written, "The appnotification")) return reply(*failure);
    committed(written.events);
    const StoredNotification& stored = *written.record;
    if (send_action) {
      Json body = {{"@odata.context", base + "$metadata#Microsoft.Dynamics.CRM.SendAppNotificationResponse"},
                   {"NotificationId", stored.id}};
      return reply(json_response(200, dump(body)));
    }
    HttpResponse response =
        representation ? json_response(201, record_json(stored, {}, base + "$metadata#appnotifications/$entity"))
                       : no_content();
    if (representation) response.headers["Preference-Applied"] = "return=representation";
    response.headers["OData-EntityId"] = base + "appnotifications(" + stored.id + ")";
    response.headers["ETag"] = etag_of(stored);
    reply(response);
  });
}

std::int64_t Api::page_size(const HttpRequest& request) const {
  std::int64_t page = options_.max_page_size;
  const std::string max_page = preference(request, "odata.maxpagesize");
  if (!max_page.empty() && max_page.find_first_not_of("0123456789") == std::string::npos && max_page.size() < 10) {
    page = std::max<std::int64_t>(1, std::min<std::int64_t>(page, std::stoll(max_page)));
  }
  return page;
}

void Api::list(const std::string& base, const HttpRequest& request, const Principal& user, const Reply& reply,
               bool count_only) {
  if (!count_only) {
    const auto skiptoken = request.query.find("$skiptoken");
    const bool tracked_page = skiptoken != request.query.end() && skiptoken->second.find('!') != std::string::npos;
    if (tracked_page || request.query.count("$deltatoken") || preference_item(request, "odata.track-changes")) {
      return tracked_list(base, request, user, reply);
    }
  }
  const ParsedQuery parsed = parse_query(request.query);
  if (parsed.error) {
    return reply(error_response(400, kInvalidArgument, "query.invalid", parsed.error->message));
  }
  const QueryOptions& q = *parsed.options;
  ListQuery query{user.id, clock_.now_ms(), q.where_sql, q.params, q.order_sql, -1, 0};
  if (count_only) {
    HttpResponse response;
    response.headers["Content-Type"] = "text/plain";
    response.body = std::to_string(store_.count(query));
    return reply(response);
  }
  const std::string max_page = preference(request, "odata.maxpagesize");
  const std::int64_t page = page_size(request);
  // A page with $count is not cached: its count depends on records beyond the page.
  const bool cacheable = pages_.enabled() && !q.count;
  std::string cache_key;
  if (cacheable) {
    // Every part with its length first, so that no two different queries make the same key.
    cache_key = std::to_string(page) + "|" + std::to_string(base.size()) + ":" + base;
    for (const auto& [name, value] : request.query) {
      cache_key += "|" + std::to_string(name.size()) + ":" + name + std::to_string(value.size()) + ":" + value;
    }
    if (auto cached = pages_.find(user.id, cache_key, query.now_ms)) return reply(*cached);
  }
  const std::uint64_t generation = cacheable ? pages_.generation(user.id) : 0;
  const std::int64_t remaining = q.top ? std::max<std::int64_t>(0, *q.top - q.skip) : INT64_MAX;
  query.offset = q.skip;
  query.limit = std::min(page, remaining) + 1;  // one more, to know whether a next page exists
  std::vector<StoredNotification> rows = store_.list(query);
  std::int64_t valid_until = INT64_MAX;  // the answer changes when one of these rows expires
  for (const StoredNotification& row : rows) valid_until = std::min(valid_until, row.expires_ms);
  const bool more = static_cast<std::int64_t>(rows.size()) > std::min(page, remaining);
  if (more) rows.pop_back();

  std::string body = "{\"@odata.context\":" + dump(Json(collection_context(base, q.select)));
  if (q.count) body += ",\"@odata.count\":" + std::to_string(store_.count(query));
  body += ",\"value\":[";
  for (std::size_t i = 0; i < rows.size(); ++i) body += (i ? "," : "") + record_json(rows[i], q.select, "");
  body += "]";
  if (more) {
    std::string next = base + "appnotifications?";
    for (const auto& [name, value] : request.query) {
      if (name != "$skiptoken") next += url_encode(name) + "=" + url_encode(value) + "&";
    }
    next += "$skiptoken=" + std::to_string(q.skip + static_cast<std::int64_t>(rows.size()));
    body += ",\"@odata.nextLink\":" + dump(Json(next));
  }
  body += "}";
  HttpResponse response = json_response(200, body);
  if (!max_page.empty()) response.headers["Preference-Applied"] = "odata.maxpagesize=" + std::to_string(page);
  if (cacheable) pages_.store(user.id, cache_key, generation, query.now_ms, valid_until, response);
  reply(response);
}

void Api::tracked_list(const std::string& base, const HttpRequest& request, const Principal& user, const Reply& reply) {
  const auto invalid = [&](const std::string& code, const std::string& message) {
    reply(error_response(400, kInvalidArgument, code, message));
  };
  // The tokens come out first; beside them only $select goes with change tracking (as in Dataverse).
  std::map<std::string, std::string> options = request.query;
  std::optional<DeltaToken> delta;
  std::optional<TrackedPageToken> page_token;
  if (const auto it = options.find("$deltatoken"); it != options.end()) {
    if (!(delta = parse_delta_token(it->second))) {
      return invalid("query.invalid_deltatoken",
                     "$deltatoken: not a token this server issued; start again with Prefer: odata.track-changes.");
    }
    options.erase(it);
  }
  if (const auto it = options.find("$skiptoken"); it != options.end()) {
    if (delta || !(page_token = parse_page_token(it->second))) {
      return invalid("query.invalid", "$skiptoken: not a token this server issued");
    }
    options.erase(it);
  }
  for (const auto& [name, value] : options) {
    if (!name.empty() && name[0] == '$' && name != "$select") {
      return invalid(
          "query.not_with_track_changes",
          name + ": cannot be combined with change tracking (Prefer: odata.track-changes); only $select can.");
    }
  }
  const ParsedQuery parsed = parse_query(options);
  if (parsed.error) return invalid("query.invalid", parsed.error->message);
  const std::vector<std::string>& select = parsed.options->select;
  std::string links = base + "appnotifications?";
  if (const auto it = options.find("$select"); it != options.end()) links += "$select=" + url_encode(it->second) + "&";

  const std::int64_t now = clock_.now_ms();
  const std::optional<DeltaToken> since = delta ? delta : page_token ? std::optional(page_token->delta) : std::nullopt;
  if (since && delta_token_expired(*since, now, options_.event_retention_ms)) {
    HttpResponse response = error_response(
        410, kExpiredChangeToken, "query.expired_deltatoken",
        "The changes since this delta token are no longer kept; download the collection again with Prefer: "
        "odata.track-changes.");
    response.headers["Location"] = links.substr(0, links.size() - 1);
    return reply(response);
  }
  const std::int64_t page = page_size(request);
  std::string body = "{\"@odata.context\":" + dump(Json(collection_context(base, select) + "/$delta")) + ",\"value\":[";
  std::string link;
  if (delta) {
    // What changed since the token. The newest event id is read first: every event up to it is among
    // those read next (ids commit in order), so the next token may name it.
    const std::int64_t newest = store_.last_event_id();
    const std::vector<ChangeEvent> events = store_.events_after(user.id, delta->after_event, now, page);
    const std::vector<DeltaEntry> entries = collapse_events(events);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i) body += ",";
      body +=
          entries[i].record ? record_json(*entries[i].record, select, "") : deleted_entity_json(base, entries[i].id);
    }
    const bool more = static_cast<std::int64_t>(events.size()) == page;
    const std::int64_t last = events.empty() ? 0 : events.back().id;
    const DeltaToken next =
        more ? DeltaToken{last, delta->issued_ms} : DeltaToken{std::max({newest, last, delta->after_event}), now};
    link = std::string(more ? "@odata.nextLink" : "@odata.deltaLink") +
           "\":" + dump(Json(links + "$deltatoken=" + url_encode(format_delta_token(next))));
  } else {
    // The whole collection, page by page in id order; its first page fixes the delta token.
    const DeltaToken token = page_token ? page_token->delta : DeltaToken{store_.last_event_id(), now};
    ListQuery query{user.id, now, "", {}, "id", page + 1, 0};
    if (page_token) {
      query.where_sql = "id > ?";
      query.params.push_back(page_token->after_id);
    }
    std::vector<StoredNotification> rows = store_.list(query);
    const bool more = static_cast<std::int64_t>(rows.size()) > page;
    if (more) rows.pop_back();
    for (std::size_t i = 0; i < rows.size(); ++i) body += (i ? "," : "") + record_json(rows[i], select, "");
    link = more ? "@odata.nextLink\":" +
                      dump(Json(links + "$skiptoken=" + url_encode(format_page_token({token, rows.back().id}))))
                : "@odata.deltaLink\":" + dump(Json(links + "$deltatoken=" + url_encode(format_delta_token(token))));
  }
  body += "],\"" + link + "}";
  HttpResponse response = json_response(200, body);
  std::string applied = "odata.track-changes";
  if (!preference(request, "odata.maxpagesize").empty()) applied += ",odata.maxpagesize=" + std::to_string(page);
  response.headers["Preference-Applied"] = applied;
  reply(response);
}

void Api::get_one(const std::string& base, const std::string& id, const HttpRequest& request, const Principal& user,
                  const Reply& reply) {
  const ParsedQuery parsed = parse_query(request.query);
  if (parsed.error) return reply(error_response(400, kInvalidArgument, "query.invalid", parsed.error->message));
  const std::optional<StoredNotification> record = store_.get(id, clock_.now_ms());
  if (!record || record->owner != user.id) return reply(not_found("appnotification " + id));
  HttpResponse response =
      json_response(200, record_json(*record, parsed.options->select, base + "$metadata#appnotifications/$entity"));
  response.headers["ETag"] = etag_of(*record);
  reply(response);
}

void Api::patch(const std::string& base, const std::string& id, const HttpRequest& request, const Principal& user,
                const Reply& reply) {
  const std::int64_t now = clock_.now_ms();
  const std::string if_match = request.header("if-match");
  const std::string if_none_match = request.header("if-none-match");
  std::optional<StoredNotification> existing = store_.get(id, now);
  if (existing && existing->owner != user.id) existing.reset();  // someone else's: as if absent
  if (!if_match.empty() && !existing) return reply(not_found("appnotification " + id));
  if (!if_match.empty() && if_match != "*" && if_match != etag_of(*existing)) {
    return reply(error_response(412, kPreconditionFailed, "etag_mismatch",
                                "The notification changed since it was read (If-Match " + if_match + ")."));
  }
  if (if_none_match == "*" && existing) {
    return reply(error_response(412, kDuplicateRecord, "duplicate_key", "A notification with this id already exists."));
  }
  // The body must be JSON first (the core says where it is not, and refuses deep nesting before
  // anything parses it); then the change is applied to the record as it is (or to nothing, for a
  // create) and the result validated whole.
  const ValidationResult as_sent = validate_create(request.body);
  const bool not_json = std::any_of(as_sent.errors.begin(), as_sent.errors.end(),
                                    [](const Problem& p) { return p.code.rfind("json.", 0) == 0; });
  if (not_json) return reply(validation_error(as_sent));
  const Json change = Json::parse(request.body, nullptr, false);
  if (!change.is_object()) {
    return reply(error_response(400, kInvalidArgument, "json.not_object", "The body must be a JSON object."));
  }
  Json merged = existing ? Json::parse(record_as_payload(*existing), nullptr, false) : Json::object();
  for (const auto& [key, value] : change.items()) {
    if (key == "appnotificationid") {
      if (!value.is_string() || lower(value.get<std::string>()) != id) {
        return reply(error_response(400, kInvalidArgument, "field.read_only",
                                    "appnotificationid is the key in the URL and cannot change."));
      }
      continue;
    }
    if (key == "owner" || key == "ownerid@odata.bind") {
      merged.erase("owner");
      merged.erase("ownerid@odata.bind");
    }
    merged[key] = value;
  }
  const ValidationResult result = validate_create(dump(merged));
  if (!result.ok()) return reply(validation_error(result));
  const Notification& n = *result.value;
  if (n.owner_id != user.id && !user.can_send) {
    return reply(error_response(403, kPrivilegeDenied, "auth.cannot_send",
                                "Giving a notification to another user needs the send privilege."));
  }
  if ((n.owner_id != user.id || user.application) && !store_.user_by_id(n.owner_id)) {
    return reply(error_response(400, kInvalidArgument, "owner.unknown_user",
                                "No user has the systemuserid " + n.owner_id + "."));
  }
  StoredNotification record = stored_from(n, id);
  record.created_ms = existing ? existing->created_ms : now;
  record.modified_ms = now;
  settle_lifetime(record);
  record.created_by = existing ? existing->created_by : user.id;
  const PutMode mode = !if_match.empty() ? PutMode::Update : if_none_match == "*" ? PutMode::Create : PutMode::Upsert;
  const bool representation = lower(preference(request, "return")) == "representation";
  store_.put(record, mode, user.id, [this, base, reply, representation](WriteResult written) {
    if (auto failure = write_failure(written, "The appnotification")) return reply(*failure);
    committed(written.events);
    const StoredNotification& stored = *written.record;
    HttpResponse response =
        representation ? json_response(200, record_json(stored, {}, base + "$metadata#appnotifications/$entity"))
                       : no_content();
    response.headers["OData-EntityId"] = base + "appnotifications(" + stored.id + ")";
    response.headers["ETag"] = etag_of(stored);
    reply(response);
  });
}

void Api::remove(const std::string& id, const Principal& user, const Reply& reply) {
  store_.remove(id, user.id, clock_.now_ms(), [this, id, reply](WriteResult written) {
    if (auto failure = write_failure(written, "appnotification " + id)) return reply(*failure);
    committed(written.events);
    reply(no_content());
  });
}

}  // namespace appnotify::server
