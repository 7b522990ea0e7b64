# Shared by the scripts: paths, logging and the environment the builds need.
# shellcheck shell=bash

APPNOTIFY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export APPNOTIFY_ROOT

# Debian's emscripten needs its own node modules (acorn) on this machine's node.
export NODE_PATH=/usr/share/nodejs

log() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

jobs_count() { nproc 2>/dev/null || echo 2; }
