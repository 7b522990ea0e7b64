// The Web API of docs/api.md under /api/data/v9.0|v9.1|v9.2/: appnotifications (create, read, query,
// update, delete, change tracking), SendAppNotification, WhoAmI, $metadata. Validation is the core's validator, so
// the server says exactly what the browser says. Authorization: a user reaches only their own
// notifications (others' answer 404, as if absent); sending to someone else needs the send privilege.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "appnotify/defaults.h"
#include "auth/authenticator.h"
#include "base/clock.h"
#include "base/fair_pool.h"
#include "http/http_handler.h"
#include "http/public_origin.h"
#include "odata/page_cache.h"
#include "odata/service_protection.h"
#include "store/change_publisher.h"
#include "store/store.h"

namespace appnotify::server {

struct ApiOptions {
  std::int64_t default_ttl_seconds = kDefaultTtlSeconds;
  std::int64_t max_page_size = 5000;
  std::size_t page_cache_bytes = 64 << 20;  // repeated polls answered from memory (page_cache.h); 0: off
  // How long change events are kept (the sweep deletes older ones): the push stream's resume and the
  // delta tokens of change tracking reach that far back.
  std::int64_t event_retention_ms = 24LL * 3600 * 1000;
  PublicOrigin origin;           // where the answers' links point (--public-url, --trusted-proxy)
  ServiceLimits service_limits;  // requests per caller (service_protection.h)
  // Threads that run the requests' work; one caller runs on half of them at most (fair_pool.h).
  std::size_t workers = 2;
};

class Api : public HttpHandler {
 public:
  Api(Store& store, ChangePublisher& publisher, Clock& clock, Authenticator& authenticator, ApiOptions options);

  // Handles a request under /api/; false when the path is not the API's.
  bool handle(const HttpRequest& request, const Reply& reply) override;

 private:
  // Answers a request for `rest` under `version` ("api/data/v9.2"), once its route is named.
  bool answer(const std::string& version, const std::string& rest, const HttpRequest& request, const Reply& reply);
  void route_data(const std::string& base, const std::string& rest, const HttpRequest& request, const Principal& user,
                  const Reply& reply);
  void create(const std::string& base, const HttpRequest& request, const Principal& user, const Reply& reply,
              bool send_action);
  void list(const std::string& base, const HttpRequest& request, const Principal& user, const Reply& reply,
            bool count_only);
  // Change tracking (change_tracking.h): the first download with Prefer: odata.track-changes, its
  // pages, and what its delta links answer.
  void tracked_list(const std::string& base, const HttpRequest& request, const Principal& user, const Reply& reply);
  // The page size the request asks for (Prefer: odata.maxpagesize), within the server's.
  std::int64_t page_size(const HttpRequest& request) const;
  void get_one(const std::string& base, const std::string& id, const HttpRequest& request, const Principal& user,
               const Reply& reply);
  void patch(const std::string& base, const std::string& id, const HttpRequest& request, const Principal& user,
             const Reply& reply);
  void remove(const std::string& id, const Principal& user, const Reply& reply);
  void who_am_i(const std::string& base, const Principal& user, const Reply& reply);
  // Gives a record sent without ttlinseconds the server's default, so that it reads back with the
  // lifetime it has (the page learns its expiry from it), and sets expires_ms from createdon.
  void settle_lifetime(StoredNotification& record) const;
  // After a committed write: tells the push streams and forgets the owners' cached pages.
  void committed(const std::vector<ChangeEvent>& events);

  Store& store_;
  ChangePublisher& publisher_;
  Clock& clock_;
  Authenticator& authenticator_;
  ApiOptions options_;
  PageCache pages_;
  ServiceProtection protection_;
  FairPool pool_;  // last: it runs jobs that use the members above until it is destroyed
};

}  // namespace appnotify::server
