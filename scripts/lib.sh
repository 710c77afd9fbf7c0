# Shared helpers for the project's scripts. Source it; it defines functions and variables only.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:/usr/lib/postgresql/15/bin:$PATH"

# Pinned tool versions. WASM_BINDGEN_VERSION must equal the wasm-bindgen version in Cargo.lock.
WASM_BINDGEN_VERSION=0.2.129
WORKER_BUILD_VERSION=0.8.7
POSTRUST_VERSION=3.1.0

# worker-build would download these; point it at the pinned local copies instead.
export WASM_BINDGEN_BIN="$HOME/.cargo/bin/wasm-bindgen"
export WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild"
# wrangler: no telemetry, no fetch of Request.cf data, state kept inside the project.
export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false
export XDG_CONFIG_HOME="$ROOT/.dev/xdg"

log() { printf '\033[1m[%s]\033[0m %s\n' "${LOG_TAG:-calorie}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Run a command as the OS user `postgres` when we are root (PostgreSQL refuses to run as root).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Wait until `curl URL` succeeds (any HTTP status), at most SECONDS.
wait_for_http() {
  local url=$1 seconds=${2:-60} i
  for ((i = 0; i < seconds * 5; i++)); do
    curl -s -o /dev/null --max-time 1 "$url" && return 0
    sleep 0.2
  done
  return 1
}

# An HS256 JWT for a JSON payload, signed with SECRET (openssl only; no other dependency).
mint_jwt() {
  local secret=$1 payload=$2 header body signature
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
  body=$(printf '%s' "$payload" | b64url)
  signature=$(printf '%s.%s' "$header" "$body" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
  printf '%s.%s.%s\n' "$header" "$body" "$signature"
}

random_secret() { openssl rand -hex 32; }
