#!/usr/bin/env bash
# record-playbook-histories.sh — like record-incident-histories.sh, for the
# playbook runner: runs http-check against a local HTTP server (a success, a
# 404 failure and a dry run) on a private `opsmanager dev` and saves the
# Temporal histories into workflows/testdata/. Needs `make deps` and `make build`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DB=om_record_playbooks
B=http://127.0.0.1:8092/api/v1
DATA=$(mktemp -d)
export PGPASSWORD=opsmanager
psql -h 127.0.0.1 -U opsmanager -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null 2>&1
python3 -m http.server 18998 --bind 127.0.0.1 --directory "$DATA" >/dev/null 2>&1 &
WEB=$!
DATABASE_URL="postgres://opsmanager:opsmanager@127.0.0.1:5432/$DB?sslmode=disable" HTTP_ADDR=127.0.0.1:8092 \
  TEMPORAL_TASK_QUEUE="record-$$" ADMIN_EMAIL=rec@example.com DATA_DIR="$DATA" OUTBOUND_ALLOW_CIDRS=127.0.0.0/8 SSH_ALLOW_CIDRS=127.0.0.0/8 \
  ./bin/opsmanager dev >"$DATA/dev.log" 2>&1 &
DEV=$!
trap 'kill $DEV $WEB 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs http://127.0.0.1:8092/readyz >/dev/null && break; sleep 0.5; done
PW=$(awk '/password:/ {print $2}' "$DATA/dev.log")
TOK=$(curl -s $B/auth/login -H 'Content-Type: application/json' -d "{\"email\":\"rec@example.com\",\"password\":\"$PW\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["accessToken"])')
# The first admin must replace the printed password before anything else.
curl -fs -X POST $B/auth/password -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
  -d "{\"currentPassword\":\"$PW\",\"newPassword\":\"$PW-own\"}" >/dev/null
start() { curl -s -X POST "$B/playbooks/http-check/runs" -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' -d "$1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["workflowId"])'; }
OK=$(start '{"params":{"url":"http://127.0.0.1:18998/"}}')
MISSING=$(start '{"params":{"url":"http://127.0.0.1:18998/missing"}}')
DRY=$(start '{"params":{"url":"http://127.0.0.1:18998/"},"dryRun":true}')
sleep 4
./bin/temporal workflow show -w "$OK" -o json >workflows/testdata/http-check-succeeded.json
./bin/temporal workflow show -w "$MISSING" -o json >workflows/testdata/http-check-failed-404.json
./bin/temporal workflow show -w "$DRY" -o json >workflows/testdata/http-check-dry-run.json
echo "recorded $OK, $MISSING and $DRY into workflows/testdata/"
