#!/usr/bin/env bash
# record-automation-histories.sh — records histories of the automation paths
# (a failed run that opens an incident; an incident that starts its
# service's playbook) on a private `opsmanager dev`, into workflows/testdata/.
# The older histories there stay as they are: they replay the code paths
# from before these features (workflow.GetVersion's default branch).
# Needs `make deps` and `make build`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DB=om_record_automation
PORT=8093
B=http://127.0.0.1:$PORT/api/v1
DATA=$(mktemp -d)
export PGPASSWORD=opsmanager
psql -h 127.0.0.1 -U opsmanager -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null 2>&1
python3 -m http.server 18997 --bind 127.0.0.1 --directory "$DATA" >/dev/null 2>&1 &
WEB=$!
DATABASE_URL="postgres://opsmanager:opsmanager@127.0.0.1:5432/$DB?sslmode=disable" HTTP_ADDR=127.0.0.1:$PORT \
  TEMPORAL_TASK_QUEUE="record-$$" ADMIN_EMAIL=rec@example.com DATA_DIR="$DATA" OUTBOUND_ALLOW_CIDRS=127.0.0.0/8 SSH_ALLOW_CIDRS=127.0.0.0/8 \
  ./bin/opsmanager dev >"$DATA/dev.log" 2>&1 &
DEV=$!
trap 'kill $DEV $WEB 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs http://127.0.0.1:$PORT/readyz >/dev/null && break; sleep 0.5; done
PW=$(awk '/password:/ {print $2}' "$DATA/dev.log")
TOK=$(curl -s $B/auth/login -H 'Content-Type: application/json' -d "{\"email\":\"rec@example.com\",\"password\":\"$PW\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["accessToken"])')
post() { curl -s -X POST "$B$1" -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' -d "$2"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['data']['$1'])"; }
POLICY=$(post /escalation-policies '{"name":"rec","levels":[{"delaySeconds":300,"targets":[{"type":"email","address":"rec@example.com"}]}]}' | field id)
SVC=$(post /services "{\"name\":\"rec\",\"escalationPolicyId\":\"$POLICY\",\"playbooks\":[{\"playbook\":\"http-check\",\"params\":{\"url\":\"http://127.0.0.1:18997/{{incident.severity}}\"}}]}" | field id)
# A run that fails (404, not retried) in a service: it opens an incident.
RUN=$(post /playbooks/http-check/runs "{\"params\":{\"url\":\"http://127.0.0.1:18997/missing\"},\"serviceId\":\"$SVC\"}" | field workflowId)
# An incident whose service starts a playbook; resolved and closed so the history ends.
INC=$(post /incidents "{\"serviceId\":\"$SVC\",\"title\":\"Recorded\",\"severity\":\"low\"}" | field id)
sleep 5
for a in acknowledge resolve close; do post "/incidents/$INC/$a" '{}' >/dev/null; sleep 1; done
sleep 2
./bin/temporal workflow show -w "$RUN" -o json >workflows/testdata/http-check-failed-opens-incident.json
./bin/temporal workflow show -w "incident/$INC" -o json >workflows/testdata/incident-starts-playbook.json
echo "recorded $RUN and incident/$INC into workflows/testdata/"
