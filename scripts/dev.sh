#!/usr/bin/env bash
# `make dev`: the whole stack on this machine, in the foreground. Ctrl-C stops everything it
# started; the data in .dev/ stays for the next run.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=dev

"$ROOT/scripts/ensure-tools.sh"
export STACK_DIR=$ROOT/.dev PG_PORT=${PG_PORT:-54322} REST_PORT=${REST_PORT:-54321} WORKER_PORT=${WORKER_PORT:-8787}

stopping=0
stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap - INT TERM EXIT
  "$ROOT/scripts/stack.sh" down || true
  exit 0
}
trap stop INT TERM EXIT

"$ROOT/scripts/stack.sh" up
# shellcheck disable=SC1091
. "$STACK_DIR/env"
now=$(date +%s)
alice=00000000-0000-4000-8000-00000000a11c
token=$(mint_jwt "$JWT_SECRET" "{\"sub\":\"$alice\",\"role\":\"authenticated\",\"aud\":\"authenticated\",\"email\":\"alice@example.com\",\"iat\":$now,\"exp\":$((now + 86400))}")

cat <<INFO

  The stack is up (settings in .dev/env: source it).
    worker      $WORKER_URL
    PostgREST   $SUPABASE_URL/rest/v1
    database    $DATABASE_URL

  Demo user alice ($alice), token valid 24 h:
    export TOKEN=$token

  Try:
    curl -s $WORKER_URL/health
    curl -s $WORKER_URL/health/ready
    curl -s -H "Authorization: Bearer \$TOKEN" $WORKER_URL/api/v1/users/me
    curl -s -X PUT -H "Authorization: Bearer \$TOKEN" -H 'content-type: application/json' \
      -d '{"height_cm":168,"weight_kg":62,"age":34,"gender":"female","activity_level":"lightly_active","time_zone":"Europe/Rome"}' \
      $WORKER_URL/api/v1/users/me/profile
    curl -s -X POST -H "Authorization: Bearer \$TOKEN" -H 'content-type: application/json' \
      -d '{"event_type":"consumed","calories_amount":650,"event_timestamp":"$(date -u +%Y-%m-%dT%H:%M:%SZ)"}' \
      $WORKER_URL/api/v1/calorie-events
    curl -s -H "Authorization: Bearer \$TOKEN" "$WORKER_URL/api/v1/analytics/daily-summary"
    curl -s $WORKER_URL/openapi.json
    # PostgREST directly, as the worker calls it (RLS shows alice only her rows):
    curl -s -H "apikey: $SUPABASE_ANON_KEY" -H "Authorization: Bearer \$TOKEN" "$SUPABASE_URL/rest/v1/users?select=id,email,username"

  Stop PostgREST alone (readiness turns 503): scripts/stack.sh stop-postgrest
  Logs: .dev/wrangler.log, .dev/postrust.log, postgres in its data dir. Ctrl-C stops everything.
INFO

# Stay in the foreground until Ctrl-C. A stopped PostgREST is reported, not fatal: the worker
# keeps serving and /health/ready says 503 (try it: scripts/stack.sh stop-postgrest).
told=0
while kill -0 "$(cat "$STACK_DIR/wrangler.pid")" 2>/dev/null; do
  if [ "$told" = 0 ] && ! kill -0 "$(cat "$STACK_DIR/postrust.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
    log "PostgREST is not running: /health/ready now answers 503; Ctrl-C and make dev to restart"
    told=1
  fi
  sleep 1
done
log "wrangler dev stopped (see .dev/wrangler.log); shutting the rest down"
