# The demo's page and users, shared by scripts/demo (one instance on SQLite) and scripts/cluster
# (instances on PostgreSQL behind the balancer).
# shellcheck shell=bash

# Copies the demo page and the package into SITE (made afresh).
make_demo_site() {  # SITE
  rm -rf "$1" && mkdir -p "$1/dist"
  cp web/demo/* "$1/"
  cp web/dist/* "$1/dist/"
}

# Adds the demo users to DB (a file or a postgresql:// URI) and writes their tokens to USERS (the
# demo page's users.json): Alice and Carol read their notifications; Bob may send.
make_demo_users() {  # SERVER DB USERS
  local server=$1 db=$2
  add() {  # key name [--can-send]
    local line
    line=$("$server" user add --db "$db" --name "$2" ${3:-})
    node -e 'const [key, name, canSend, line] = process.argv.slice(1); const u = JSON.parse(line);
      console.log(JSON.stringify({ key, name, id: u.systemuserid, token: u.token, canSend: canSend === "yes" }));' \
      "$1" "$2" "$([ -n "${3:-}" ] && echo yes || echo no)" "$line"
  }
  { add alice "Alice Manager"; add bob "Bob Dispatcher (can send)" --can-send; add carol "Carol Agent"; } |
    node -e 'const lines = require("fs").readFileSync(0, "utf8").trim().split("\n"); console.log(JSON.stringify(lines.map(JSON.parse), null, 2));' >"$3"
}
