#!/usr/bin/env bash
# Fuzz the running worker with schemathesis against its own /openapi.json: no 5xx, and no answer
# that contradicts the document (status codes, content types, response schemas).
#
#   scripts/fuzz.sh short|long     # short: bounded run for `make test`; long: `make bench`
#
# Needs a running stack: STACK_DIR (default .dev/test) holds its env file. schemathesis comes
# from PyPI, pinned in scripts/requirements-fuzz.txt, into a venv under .dev/.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=fuzz

mode=${1:-short}
case "$mode" in
  short) examples=8 ;;
  long) examples=150 ;;
  *) echo "usage: $0 short|long" >&2; exit 2 ;;
esac
STACK_DIR=${STACK_DIR:-$ROOT/.dev/test}
# shellcheck disable=SC1091
. "$STACK_DIR/env"

venv=$ROOT/.dev/venv
requirements=$ROOT/scripts/requirements-fuzz.txt
if ! cmp -s "$requirements" "$venv/requirements.installed" 2>/dev/null; then
  log "installing schemathesis (pinned) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.installed"
fi

# A user of its own with a profile, so goal and metabolic routes get past their preconditions.
id=$(python3 -c 'import uuid; print(uuid.uuid4())')
psql "$DATABASE_URL" --no-psqlrc -qAt -v ON_ERROR_STOP=1 \
  -c "insert into auth.users (id, aud, role, email) values ('$id', 'authenticated', 'authenticated', 'fuzz-${id:0:8}@test.example')"
now=$(date +%s)
token=$(mint_jwt "$JWT_SECRET" "{\"sub\":\"$id\",\"role\":\"authenticated\",\"aud\":\"authenticated\",\"iat\":$now,\"exp\":$((now + 7200))}")
auth=(-H "Authorization: Bearer $token" -H "content-type: application/json")
curl -sf -o /dev/null "${auth[@]}" -d "{\"email\":\"fuzz-${id:0:8}@test.example\",\"username\":\"fuzz${id:0:8}\"}" "$WORKER_URL/api/v1/users"
curl -sf -o /dev/null -X PUT "${auth[@]}" \
  -d '{"height_cm":175,"weight_kg":75,"age":30,"gender":"male","activity_level":"moderately_active","time_zone":"Europe/Rome"}' \
  "$WORKER_URL/api/v1/users/me/profile"

log "schemathesis: $mode run, $examples examples per operation"
command=("$venv/bin/schemathesis" run "$WORKER_URL/openapi.json"
  --header "Authorization: Bearer $token"
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
  --max-examples "$examples" --seed 20251124 --workers 1
  --suppress-health-check all --warnings off --no-color --report-dir "$ROOT/.dev/schemathesis")
echo "\$ schemathesis run \$WORKER_URL/openapi.json --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance --max-examples $examples --seed 20251124"
"${command[@]}"
