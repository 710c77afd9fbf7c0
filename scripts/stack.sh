#!/usr/bin/env bash
# Start or stop one local stack: PostgreSQL (cluster owned by `postgres`) -> the PostgREST-protocol
# server -> a gateway serving it under /rest/v1 as Supabase does -> the worker under `wrangler dev`.
#
#   scripts/stack.sh up    # start what is not running; write $STACK_DIR/env
#   scripts/stack.sh down  # stop everything this stack started (data dir kept)
#   scripts/stack.sh stop-postgrest  # stop only the PostgREST-protocol server (outage drills)
#   scripts/stack.sh stop-gateway    # stop only the gateway: SUPABASE_URL refuses connections
#   scripts/stack.sh stop-edge       # stop the worker, the gateway and PostgREST; PostgreSQL keeps running
#
# Settings (environment): STACK_DIR (default .dev), PG_PORT (54322), REST_PORT (54321: the gateway,
# i.e. SUPABASE_URL), PGRST_PORT (REST_PORT+100: PostgREST itself), WORKER_PORT (8787), DEV_VARS (file wrangler reads its secrets from; default ./.dev.vars),
# STACK_THROWAWAY=1 (fresh cluster, fsync off: for tests), WORKER_INSPECTOR=0 (no DevTools
# inspector on the worker: for tests and benchmarks); optional worker settings passed through
# to its vars: UPSTREAM_TIMEOUT_MS, CORS_ALLOWED_ORIGINS.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=stack

STACK_DIR=$(mkdir -p "${STACK_DIR:-$ROOT/.dev}" && cd "${STACK_DIR:-$ROOT/.dev}" && pwd)
PG_PORT=${PG_PORT:-54322}
REST_PORT=${REST_PORT:-54321}
PGRST_PORT=${PGRST_PORT:-$((REST_PORT + 100))}
WORKER_PORT=${WORKER_PORT:-8787}
DEV_VARS=${DEV_VARS:-$ROOT/.dev.vars}
PGDATA_DIR=$STACK_DIR/pg

# PostgreSQL runs as `postgres`, which must be able to reach the data dir. A checkout under a
# private home directory is not reachable: keep the cluster under /tmp then, keyed by the path.
if ! as_postgres test -x "$STACK_DIR" 2>/dev/null; then
  PGDATA_DIR=/tmp/calorie-balance-pg-$(printf '%s' "$STACK_DIR" | sha256sum | cut -c1-12)
fi

secrets_file=$STACK_DIR/secrets.env
load_secrets() {
  if [ ! -f "$secrets_file" ]; then
    umask 077
    {
      echo "PG_PASSWORD=$(random_secret)"
      echo "AUTHENTICATOR_PASSWORD=$(random_secret)"
      echo "JWT_SECRET=$(random_secret)"
    } >"$secrets_file"
  fi
  # shellcheck disable=SC1090
  . "$secrets_file"
  DATABASE_URL="postgres://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres"
  SUPABASE_URL="http://127.0.0.1:$REST_PORT"
  WORKER_URL="http://127.0.0.1:$WORKER_PORT"
  load_es256_key
  # Supabase's anon key is a long-lived JWT with role anon, signed with the project's secret.
  SUPABASE_ANON_KEY=$(mint_jwt "$JWT_SECRET" '{"iss":"calorie-balance-local","role":"anon","iat":1767225600,"exp":4102444800}')
}

# An ES256 key pair standing in for Supabase's asymmetric JWT signing key: the gateway serves its
# public half at /auth/v1/.well-known/jwks.json (as Supabase does), PostgREST and the worker trust
# it, and the tests sign with the private half (ES256_PRIVATE_KEY in the env file).
load_es256_key() {
  local pem=$STACK_DIR/es256.pem hex pub
  [ -f "$pem" ] || (umask 077 && openssl ecparam -name prime256v1 -genkey -noout -out "$pem")
  hex() { openssl ec -in "$pem" -text -noout 2>/dev/null | sed -n "/^$1:/,/^[A-Za-z]/p" | grep '^ ' | tr -d ' :\n'; }
  ES256_PRIVATE_KEY=$(hex priv)
  ES256_PRIVATE_KEY=$(printf '%064s' "${ES256_PRIVATE_KEY: -64}" | tr ' ' 0)
  pub=$(hex pub)
  # shellcheck disable=SC2059 # the format is the bytes themselves, as \xNN escapes
  b64url_hex() { printf "$(printf '%s' "$1" | sed 's/../\\x&/g')" | openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  ES256_KID=local-es256
  JWT_JWKS="{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"$ES256_KID\",\"x\":\"$(b64url_hex "${pub:2:64}")\",\"y\":\"$(b64url_hex "${pub:66:64}")\"}]}"
  printf '%s\n' "$JWT_JWKS" >"$STACK_DIR/jwks.json"
}

pg_ctl_() { as_postgres pg_ctl -D "$PGDATA_DIR" "$@"; }

start_postgres() {
  if [ "${STACK_THROWAWAY:-0}" = 1 ] && [ -d "$PGDATA_DIR" ]; then
    pg_ctl_ stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$PGDATA_DIR"
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    log "postgres: initdb $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    chown postgres: "$PGDATA_DIR" 2>/dev/null || true
    chmod 700 "$PGDATA_DIR"
    local pwfile
    pwfile=$(mktemp)
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    chmod 644 "$pwfile"
    as_postgres initdb -D "$PGDATA_DIR" -U postgres --pwfile="$pwfile" \
      --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if pg_ctl_ status >/dev/null 2>&1; then
    log "postgres: already running on $PG_PORT"
    return
  fi
  local opts="-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGDATA_DIR -c wal_level=logical -c max_connections=100"
  if [ "${STACK_THROWAWAY:-0}" = 1 ]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  log "postgres: starting on 127.0.0.1:$PG_PORT"
  pg_ctl_ -l "$PGDATA_DIR/server.log" -o "$opts" -w -t 60 start >/dev/null ||
    { tail -20 "$PGDATA_DIR/server.log" >&2; die "postgres did not start"; }
}

prepare_database() {
  "$ROOT/sql/apply.sh" "$DATABASE_URL"
  psql "$DATABASE_URL" --no-psqlrc -q -v ON_ERROR_STOP=1 \
    -c "alter role authenticator with login password '$AUTHENTICATOR_PASSWORD'" \
    -f "$ROOT/sql/seed/00_demo_users.sql" >/dev/null
}

start_postrest() {
  if [ -f "$STACK_DIR/postrust.pid" ] && kill -0 "$(cat "$STACK_DIR/postrust.pid")" 2>/dev/null; then
    log "postgrest: already running on $REST_PORT"
    return
  fi
  log "postgrest: starting on 127.0.0.1:$PGRST_PORT (postrust-server $POSTRUST_VERSION)"
  PGRST_COMPAT_MODE=true \
    PGRST_DB_URI="postgres://authenticator:$AUTHENTICATOR_PASSWORD@127.0.0.1:$PG_PORT/postgres" \
    PGRST_DB_SCHEMAS=public PGRST_DB_ANON_ROLE=anon PGRST_JWT_SECRET="$JWT_SECRET" \
    PGRST_SERVER_HOST=127.0.0.1 PGRST_SERVER_PORT="$PGRST_PORT" \
    PGRST_JWT_JWKS_URL="$SUPABASE_URL/auth/v1/.well-known/jwks.json" \
    "$HOME/.cargo/bin/postrust" >"$STACK_DIR/postrust.log" 2>&1 &
  echo $! >"$STACK_DIR/postrust.pid"
  wait_for_http "http://127.0.0.1:$PGRST_PORT/" 30 ||
    { tail -20 "$STACK_DIR/postrust.log" >&2; die "the PostgREST-protocol server did not start"; }
}

start_gateway() {
  if [ -f "$STACK_DIR/gateway.pid" ] && kill -0 "$(cat "$STACK_DIR/gateway.pid")" 2>/dev/null; then
    log "gateway: already running on $REST_PORT"
    return
  fi
  log "gateway: $SUPABASE_URL/rest/v1 -> PostgREST on $PGRST_PORT"
  node "$ROOT/scripts/gateway.mjs" "$REST_PORT" "http://127.0.0.1:$PGRST_PORT" "$STACK_DIR/jwks.json" \
    >"$STACK_DIR/gateway.log" 2>&1 &
  echo $! >"$STACK_DIR/gateway.pid"
  wait_for_http "$SUPABASE_URL/rest/v1/" 15 ||
    { tail -20 "$STACK_DIR/gateway.log" >&2; die "the gateway did not start"; }
}

start_worker() {
  if [ -f "$STACK_DIR/wrangler.pid" ] && kill -0 "$(cat "$STACK_DIR/wrangler.pid")" 2>/dev/null; then
    log "worker: already running on $WORKER_PORT"
    return
  fi
  umask 077
  {
    echo "# Written by scripts/stack.sh for the local stack in $STACK_DIR; do not commit."
    echo "SUPABASE_URL=$SUPABASE_URL"
    echo "SUPABASE_ANON_KEY=$SUPABASE_ANON_KEY"
    echo "JWT_SECRET=$JWT_SECRET"
    [ -z "${UPSTREAM_TIMEOUT_MS:-}" ] || echo "UPSTREAM_TIMEOUT_MS=$UPSTREAM_TIMEOUT_MS"
    [ -z "${CORS_ALLOWED_ORIGINS:-}" ] || echo "CORS_ALLOWED_ORIGINS=$CORS_ALLOWED_ORIGINS"
    echo "JWT_JWKS=$JWT_JWKS"
  } >"$DEV_VARS"
  local inspector=(--inspector) inspector_state=attached
  [ "${WORKER_INSPECTOR:-1}" != 0 ] || { inspector=(); inspector_state=off; }
  log "worker: building and starting wrangler dev on 127.0.0.1:$WORKER_PORT (DevTools inspector $inspector_state)"
  # wrangler dev through its API (scripts/worker-dev.mjs says why). Its own session, so `down`
  # can stop it and its workerd children as one group.
  (cd "$ROOT" && exec setsid node "$ROOT/scripts/worker-dev.mjs" --ip 127.0.0.1 --port "$WORKER_PORT" \
    --persist-to "$STACK_DIR/wrangler-state" --env-file "$DEV_VARS" "${inspector[@]}") \
    >"$STACK_DIR/wrangler.log" 2>&1 &
  echo $! >"$STACK_DIR/wrangler.pid"
  local i
  for ((i = 0; i < 900; i++)); do
    curl -sf -o /dev/null --max-time 1 "$WORKER_URL/health" && return 0
    kill -0 "$(cat "$STACK_DIR/wrangler.pid")" 2>/dev/null ||
      { tail -40 "$STACK_DIR/wrangler.log" >&2; die "wrangler dev exited"; }
    sleep 1
  done
  tail -40 "$STACK_DIR/wrangler.log" >&2
  die "the worker did not answer /health"
}

write_env() {
  umask 077
  cat >"$STACK_DIR/env" <<ENV
WORKER_URL=$WORKER_URL
SUPABASE_URL=$SUPABASE_URL
SUPABASE_ANON_KEY=$SUPABASE_ANON_KEY
JWT_SECRET=$JWT_SECRET
DATABASE_URL=$DATABASE_URL
ES256_PRIVATE_KEY=$ES256_PRIVATE_KEY
ES256_KID=$ES256_KID
ENV
}

# kill_group PIDFILE: stop the process (and its process group when it leads one), then wait.
kill_group() {
  local pidfile=$1 pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

down() {
  kill_group "$STACK_DIR/wrangler.pid"
  kill_group "$STACK_DIR/gateway.pid"
  kill_group "$STACK_DIR/postrust.pid"
  if [ -f "$PGDATA_DIR/PG_VERSION" ] && pg_ctl_ status >/dev/null 2>&1; then
    pg_ctl_ stop -m fast -w >/dev/null
  fi
  log "stopped the stack in $STACK_DIR"
}

case "${1:-}" in
  up)
    # A throwaway stack starts from nothing: no service left from an earlier run keeps old settings.
    [ "${STACK_THROWAWAY:-0}" = 1 ] && down >/dev/null
    load_secrets
    start_postgres
    prepare_database
    # The gateway first: PostgREST fetches the JWKS through it.
    start_gateway
    start_postrest
    start_worker
    write_env
    log "up: worker $WORKER_URL, PostgREST $SUPABASE_URL/rest/v1, postgres 127.0.0.1:$PG_PORT"
    ;;
  down) down ;;
  stop-postgrest) kill_group "$STACK_DIR/postrust.pid"; log "stopped the PostgREST-protocol server" ;;
  stop-gateway) kill_group "$STACK_DIR/gateway.pid"; log "stopped the gateway" ;;
  stop-edge)
    kill_group "$STACK_DIR/wrangler.pid"
    kill_group "$STACK_DIR/gateway.pid"
    kill_group "$STACK_DIR/postrust.pid"
    log "stopped the worker, the gateway and the PostgREST-protocol server; PostgreSQL keeps running"
    ;;
  *) echo "usage: $0 up|down|stop-postgrest|stop-gateway|stop-edge" >&2; exit 2 ;;
esac
