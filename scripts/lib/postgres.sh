# A private PostgreSQL cluster for the tests: a temporary folder owned by the postgres system user
# (initdb refuses root), reached through a Unix socket in that folder only (no TCP port at all),
# trust authentication for the one role "appnotify", C collation (SQLite's ordering).
# shellcheck shell=bash

PG_BIN=/usr/lib/postgresql/15/bin

# Starts it and prints its socket folder (the APPNOTIFY_TEST_POSTGRES of the server ring).
start_test_postgres() {
  local dir
  dir=$(mktemp -d /tmp/appnotify-pg-XXXXXX)
  chown postgres "$dir"
  as_root runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -A trust -U appnotify --locale=C -E UTF8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir -c listen_addresses='' -c max_connections=300 -c fsync=on" start >/dev/null ||
    { cat "$dir/server.log" >&2; return 1; }
  echo "$dir"
}

stop_test_postgres() {  # socket folder
  [ -n "${1:-}" ] && [ -d "$1/data" ] || return 0
  as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$1"
}
