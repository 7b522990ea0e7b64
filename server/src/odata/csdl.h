// The service's CSDL ($metadata): the appnotification entity, its entity set, the
// SendAppNotification action and the WhoAmI function, as an OData client reads them.
#pragma once

#include <string>

namespace appnotify::server {

const std::string& csdl_document();

}  // namespace appnotify::server
