// The definitions of SqlStore<Flavor> (sql_store.h), included by each flavor's .cc, which
// instantiates the template for its flavor. One file per concern: the writer and the readers, the
// notifications, the change events, the users.
#pragma once

#include "store/sql/sql_events_impl.h"
#include "store/sql/sql_records_impl.h"
#include "store/sql/sql_users_impl.h"
#include "store/sql/sql_writer_impl.h"
