#!/usr/bin/env bash
# Install whatever this machine lacks for building, running and testing the stack. Idempotent and
# pinned: a tool already present at the right version is left alone. Sources: Debian packages,
# crates.io and the npm registry only.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=tools

need_apt=()
command -v openssl >/dev/null || need_apt+=(openssl)
command -v curl >/dev/null || need_apt+=(curl)
command -v psql >/dev/null || need_apt+=(postgresql-client-15)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_apt+=(postgresql-15)
[ -e /usr/share/postgresql/15/extension/pgtap.control ] || need_apt+=(postgresql-15-pgtap)
# pg_prove is only a Recommends of postgresql-15-pgtap, which --no-install-recommends skips.
command -v pg_prove >/dev/null || need_apt+=(libtap-parser-sourcehandler-pgtap-perl)
command -v node >/dev/null || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt: installing ${need_apt[*]}"
  [ "$(id -u)" = 0 ] || die "installing ${need_apt[*]} needs root (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

# has_cargo_tool BINARY CRATE VERSION: cargo installed CRATE at VERSION and BINARY is there.
# (Asked of cargo's own records: `postrust --version` would start a server, not print a version.)
has_cargo_tool() {
  [ -x "$HOME/.cargo/bin/$1" ] && cargo install --list | grep -q "^$2 v$3[: ]"
}

# cargo_tool BINARY CRATE VERSION: install CRATE@VERSION unless it is already there.
cargo_tool() {
  local bin=$1 crate=$2 version=$3
  has_cargo_tool "$bin" "$crate" "$version" && return 0
  log "cargo: installing $crate $version (first time only; takes minutes)"
  cargo install "$crate" --version "$version" --locked --quiet
}
cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
cargo_tool worker-build worker-build "$WORKER_BUILD_VERSION"

# postrust-server's own Cargo.lock pins webpki-roots 1.0.11, which the crates.io mirror reachable
# here does not serve, so `cargo install --locked` fails. Build the same published source with
# that one lock entry moved to the newest served release; everything else stays as locked.
install_postrust() {
  local version=$POSTRUST_VERSION
  has_cargo_tool postrust postrust-server "$version" && return 0
  log "cargo: installing postrust-server $version (first time only; about 8 minutes)"
  if cargo install postrust-server --version "$version" --locked --quiet 2>/dev/null; then return 0; fi
  local crate src
  crate=$(ls "$HOME"/.cargo/registry/cache/*/postrust-server-"$version".crate 2>/dev/null | head -1)
  [ -n "$crate" ] || die "postrust-server $version: the crate was not downloaded from crates.io"
  src=$(mktemp -d)
  tar -xzf "$crate" -C "$src"
  (cd "$src/postrust-server-$version" &&
    cargo update --quiet -p webpki-roots --precise 1.0.10 &&
    cargo install --path . --locked --quiet)
  rm -rf "$src"
}
install_postrust

lock_version=$(grep -A1 '^name = "wasm-bindgen"$' "$ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
[ "$lock_version" = "$WASM_BINDGEN_VERSION" ] ||
  die "Cargo.lock has wasm-bindgen $lock_version but the CLI is pinned to $WASM_BINDGEN_VERSION"

# npm ci only when node_modules does not match the lock file.
if ! cmp -s "$ROOT/package-lock.json" "$ROOT/node_modules/.package-lock.json.installed" 2>/dev/null; then
  log "npm: installing wrangler, binaryen, esbuild from package-lock.json"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$ROOT/package-lock.json" "$ROOT/node_modules/.package-lock.json.installed"
fi
