// The Api's writes: create (POST and SendAppNotification), PATCH (update, create, upsert), DELETE.
#include <algorithm>

#include "appnotify/validate.h"
#include "base/random_ids.h"
#include "http/error_response.h"
#include "odata/api.h"
#include "odata/odata_http.h"
#include "odata/records_json.h"

namespace appnotify::server {
namespace {

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
