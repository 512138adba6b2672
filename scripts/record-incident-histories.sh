#!/usr/bin/env bash
# record-incident-histories.sh — runs a private `opsmanager dev` (own database,
# port 8091 and task queue) against the local services, drives two incidents
# through the API, and saves their Temporal histories into workflows/testdata/
# for the replay tests. Run it after an intended change to the incident
# workflow's command sequence (and guard old histories with workflow.GetVersion
# once a version has shipped). Needs `make deps` and `make build`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DB=om_record_histories
B=http://127.0.0.1:8091/api/v1
DATA=$(mktemp -d)
export PGPASSWORD=opsmanager
psql -h 127.0.0.1 -U opsmanager -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
DATABASE_URL="postgres://opsmanager:opsmanager@127.0.0.1:5432/$DB?sslmode=disable" HTTP_ADDR=127.0.0.1:8091 \
  TEMPORAL_TASK_QUEUE="record-$$" ADMIN_EMAIL=rec@example.com DATA_DIR="$DATA" ./bin/opsmanager dev >"$DATA/dev.log" 2>&1 &
DEV=$!
trap 'kill $DEV 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs http://127.0.0.1:8091/readyz >/dev/null && break; sleep 0.5; done
PW=$(awk '/password:/ {print $2}' "$DATA/dev.log")
json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])'; }
TOK=$(curl -s $B/auth/login -H 'Content-Type: application/json' -d "{\"email\":\"rec@example.com\",\"password\":\"$PW\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["accessToken"])')
# The first admin must replace the printed password before anything else.
curl -fs -X POST $B/auth/password -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
  -d "{\"currentPassword\":\"$PW\",\"newPassword\":\"$PW-own\"}" >/dev/null
call() { curl -s -X POST "$B$1" -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' ${2:+-d "$2"}; }

P=$(call /escalation-policies '{"name":"rec","repeat":1,"levels":[{"delaySeconds":2,"targets":[{"type":"email","address":"rec-a@example.com"}]},{"delaySeconds":2,"targets":[{"type":"email","address":"rec-b@example.com"}]}]}' | json_id)
S=$(call /sla-policies '{"name":"rec","rules":[{"severity":"critical","ackSeconds":1,"resolveSeconds":30}]}' | json_id)
SV=$(call /services "{\"name\":\"rec\",\"escalationPolicyId\":\"$P\",\"slaPolicyId\":\"$S\",\"autoResolve\":true}" | json_id)

I1=$(call /incidents "{\"serviceId\":\"$SV\",\"title\":\"Recorded escalation\",\"severity\":\"critical\",\"dedupKey\":\"rec-1\"}" | json_id)
sleep 7 # SLA breach, escalation, repeat
call /alerts "{\"serviceId\":\"$SV\",\"source\":\"rec\",\"dedupKey\":\"rec-1\",\"severity\":\"critical\",\"summary\":\"again\",\"status\":\"firing\"}" >/dev/null
for a in acknowledge investigate; do call "/incidents/$I1/$a" >/dev/null; done
call "/incidents/$I1/comment" '{"note":"found it"}' >/dev/null
for a in mitigate resolve reopen; do call "/incidents/$I1/$a" >/dev/null; done
sleep 1; call "/incidents/$I1/escalate" >/dev/null; sleep 1
for a in resolve close; do call "/incidents/$I1/$a" >/dev/null; done

I2=$(call /incidents "{\"serviceId\":\"$SV\",\"title\":\"Resolved by alert\",\"severity\":\"low\",\"dedupKey\":\"rec-2\"}" | json_id)
call /alerts "{\"serviceId\":\"$SV\",\"source\":\"rec\",\"dedupKey\":\"rec-2\",\"summary\":\"ok\",\"status\":\"resolved\"}" >/dev/null
call "/incidents/$I2/close" >/dev/null
sleep 1
./bin/temporal workflow show -w "incident/$I1" -o json >workflows/testdata/incident-escalation-reopen-closed.json
./bin/temporal workflow show -w "incident/$I2" -o json >workflows/testdata/incident-resolved-by-alert.json
echo "recorded incident/$I1 and incident/$I2 into workflows/testdata/"
