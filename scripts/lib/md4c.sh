# Fetches the md4c 0.5.2 sources from Debian's source archive into third_party/ (git-ignored).
#
# Debian ships md4c only as a native library (and bookworm's is 0.4.8, before 0.5.0's fuzzing
# fixes); the wasm build needs the C sources. A private apt configuration with a deb-src entry for
# trixie, derived from this machine's own apt sources, downloads the upstream tarball; its hash is
# checked before anything is unpacked. No mirror host is written anywhere: apt's sources name it.
# shellcheck shell=bash

MD4C_VERSION=0.5.2
MD4C_SHA256=55d0111d48fb11883aaee91465e642b8b640775a4d6993c2d0e7a8092758ef21
MD4C_DIR="$APPNOTIFY_ROOT/third_party/md4c-$MD4C_VERSION"

# Prints "URI KEYRING" of the machine's main Debian archive.
debian_archive() {
  local sources=/etc/apt/sources.list.d/debian.sources
  if [ -f "$sources" ]; then
    awk '/^URIs:/ && !uri { uri = $2 } /^Signed-By:/ && !key { key = $2 } END { print uri, key }' "$sources"
  else
    awk '$1 == "deb" && $2 !~ /security/ { print $2, "/usr/share/keyrings/debian-archive-keyring.gpg"; exit }' \
      /etc/apt/sources.list
  fi
}

fetch_md4c() {
  if [ -f "$MD4C_DIR/.verified" ]; then return 0; fi
  local work="$APPNOTIFY_ROOT/.cache/md4c-apt" uri key tarball
  read -r uri key < <(debian_archive)
  [ -n "$uri" ] || die "cannot find the Debian archive in this machine's apt sources"
  rm -rf "$work" && mkdir -p "$work/sources" "$work/lists/partial" "$work/download"
  cat > "$work/sources/md4c.sources" <<SRC
Types: deb-src
URIs: $uri
Suites: trixie
Components: main
Signed-By: ${key:-/usr/share/keyrings/debian-archive-keyring.gpg}
SRC
  local apt_options=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/sources"
    -o "Dir::State::Lists=$work/lists" -o "APT::Sandbox::User=root")
  log "fetching md4c $MD4C_VERSION sources from Debian's source archive"
  apt-get -q "${apt_options[@]}" update >"$work/update.log" 2>&1 || die "apt-get update for deb-src failed (see $work/update.log)"
  # The .dsc and .debian.tar.xz answer 404 there, so apt exits non-zero; the orig tarball arrives.
  (cd "$work/download" && apt-get -q "${apt_options[@]}" source --download-only md4c >"$work/source.log" 2>&1) || true
  tarball="$work/download/md4c_$MD4C_VERSION.orig.tar.gz"
  [ -f "$tarball" ] || die "md4c_$MD4C_VERSION.orig.tar.gz did not arrive (see $work/source.log)"
  echo "$MD4C_SHA256  $tarball" | sha256sum --check --quiet || die "md4c tarball hash mismatch"
  rm -rf "$MD4C_DIR" && mkdir -p "$MD4C_DIR"
  tar -xzf "$tarball" -C "$MD4C_DIR" --strip-components=1
  touch "$MD4C_DIR/.verified"
  rm -rf "$work"
}
