// The Api's reads: one record, the collection with its query options and paging, and change
// tracking (the first download and its delta links).
#include <algorithm>
#include <map>

#include "http/error_response.h"
#include "odata/api.h"
#include "odata/change_tracking.h"
#include "odata/odata_http.h"
#include "odata/odata_query.h"
#include "odata/records_json.h"

namespace appnotify::server {

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

}  // namespace appnotify::server
