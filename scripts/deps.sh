#!/usr/bin/env bash
# deps.sh — install (when missing) and start the local services on 127.0.0.1, without Docker or
# systemd. Idempotent: a service that already answers is reported "ok" and left alone.
# Run from the repo root via `make deps`. Stop what it started with scripts/stop-services.sh.
# Timings of every install/build/start are appended to .data/deps-timings.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DATA=$PWD/.data BIN=$PWD/bin
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/opsmanager
PGPORT=${PGPORT:-5432} REDIS_PORT=6379
TEMPORAL_VERSION=v1.5.1 TEMPORAL_PORT=7233 TEMPORAL_UI_PORT=8233
MAILPIT_VERSION=v1.33.1 SMTP_PORT=1025 MAILPIT_UI_PORT=8025
ALERTMANAGER_VERSION=v0.35.0   # built for the integration test only; not started here
TIMINGS=$DATA/deps-timings.log
mkdir -p "$DATA" "$BIN"

log()  { printf '==> %s\n' "$*"; }
ok()   { printf 'ok   %-9s %s\n' "$1" "$2"; }
die()  { printf 'deps.sh: error: %s\n' "$*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
have() { command -v "$1" >/dev/null 2>&1; }

# timed LABEL CMD...: run CMD, print and record how long it took.
timed() {
  local label=$1 t0=$EPOCHREALTIME dt; shift
  "$@"
  dt=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  printf 'time %-30s %7ss\n' "$label" "$dt"
  printf '%s  %-30s %7ss\n' "$(date -Iseconds)" "$label" "$dt" >>"$TIMINGS"
}

# wait_for DESC SECONDS LOGFILE CMD...: poll CMD until it succeeds or the deadline passes.
wait_for() {
  local desc=$1 secs=$2 logf=$3; shift 3
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= end)); then
      printf 'deps.sh: error: %s not ready after %ss; last lines of %s:\n' "$desc" "$secs" "$logf" >&2
      tail -n 25 "$logf" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.5
  done
}

# ---- privileges: root, passwordless sudo, or print what to do by hand ---------------------------
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
can_root()    { [ "$SUDO" != none ]; }
as_root()     { $SUDO "$@"; }
as_postgres() { if [ -z "$SUDO" ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && sudo -n -u postgres "$@"); fi; }

manual_help() {
  cat >&2 <<EOF
deps.sh: cannot install automatically: $1
Install and start these yourself (as root or with sudo), then re-run \`make deps\`:
  apt-get update && apt-get install -y postgresql redis-server openssh-server chromium fonts-liberation
  GOBIN=$CACHE/temporal-$TEMPORAL_VERSION go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_VERSION
  GOBIN=$CACHE/mailpit-$MAILPIT_VERSION go install github.com/axllent/mailpit@$MAILPIT_VERSION
  (tests) Alertmanager $ALERTMANAGER_VERSION, whose module lacks its built UI: copy the Dir that
    \`go mod download -json github.com/prometheus/alertmanager@$ALERTMANAGER_VERSION\` prints to a temp dir,
    chmod -R u+w it, create ui/app/dist/index.html there (any page), then in it:
    go build -o $CACHE/alertmanager-$ALERTMANAGER_VERSION/alertmanager ./cmd/alertmanager
  Start without systemd: pg_ctlcluster <version> main start; redis-server --daemonize yes --bind 127.0.0.1
  As the postgres user: CREATE ROLE opsmanager LOGIN CREATEDB PASSWORD 'opsmanager';
    CREATE ROLE opsmanager_admin LOGIN SUPERUSER PASSWORD 'opsmanager_admin';
                        CREATE DATABASE opsmanager OWNER opsmanager;
Services expected (any already answering there is accepted as is):
  Postgres  127.0.0.1:$PGPORT  database/user/password opsmanager
  Redis     127.0.0.1:$REDIS_PORT
  Temporal  127.0.0.1:$TEMPORAL_PORT (gRPC), Web UI http://127.0.0.1:$TEMPORAL_UI_PORT
  Mailpit   SMTP 127.0.0.1:$SMTP_PORT, UI/API http://127.0.0.1:$MAILPIT_UI_PORT
EOF
  exit 1
}

APT_UPDATED=
apt_install() {
  have apt-get || manual_help "apt-get not found (need: $*)"
  can_root || manual_help "not root and no passwordless sudo (need: $*)"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
  if [ -z "$APT_UPDATED" ]; then as_root "${apt[@]}" update >/dev/null; APT_UPDATED=1; fi
  as_root "${apt[@]}" install -y "$@" >/dev/null
}

# ---- PostgreSQL ---------------------------------------------------------------------------------
pg_ready() { if have pg_isready; then pg_isready -q -h 127.0.0.1 -p "$PGPORT"; else port_open "$PGPORT"; fi; }
pg_login() { pg_login_as opsmanager && pg_login_as opsmanager_admin; }
pg_login_as() { PGPASSWORD=$1 PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$PGPORT" -U "$1" -d opsmanager -tAc 'SELECT 1' >/dev/null 2>&1; }
psql_pg()  { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres -tA "$@"; }

pg_role_db() {
  if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = 'opsmanager'")" != 1 ]; then
    psql_pg -c "CREATE ROLE opsmanager LOGIN CREATEDB PASSWORD 'opsmanager'"
  fi
  # The DBA's login (loopback only): `migrate up` uses it as DATABASE_ADMIN_URL to hand the
  # audit log to a role the application cannot alter; tests use it to check that.
  if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = 'opsmanager_admin'")" != 1 ]; then
    psql_pg -c "CREATE ROLE opsmanager_admin LOGIN SUPERUSER PASSWORD 'opsmanager_admin'"
  fi
  if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = 'opsmanager'")" != 1 ]; then
    psql_pg -c "CREATE DATABASE opsmanager OWNER opsmanager"
  fi
}

pg_start() {
  local ver=$1 status
  status=$(pg_lsclusters -h "$ver" main | awk '{print $4}')
  [ "$status" = online ] || as_root pg_ctlcluster "$ver" main start -o "-c listen_addresses=127.0.0.1"
  echo "$ver main" >"$DATA/postgres.cluster"   # tells stop-services.sh which cluster deps.sh started
  wait_for "postgres" 30 "/var/log/postgresql/postgresql-$ver-main.log" pg_ready
}

start_postgres() {
  local ver port
  if ! pg_ready; then
    if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
      timed "install postgresql (apt)" apt_install postgresql
    fi
    can_root || manual_help "not root and no passwordless sudo (to start postgres)"
    ver=$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sed -E 's#.*/postgresql/([0-9]+)/.*#\1#' | sort -n | tail -1)
    if [ -z "$(pg_lsclusters -h "$ver" main 2>/dev/null)" ]; then
      timed "create postgres $ver cluster" as_root pg_createcluster -p "$PGPORT" "$ver" main >/dev/null
    fi
    port=$(pg_lsclusters -h "$ver" main | awk '{print $3}')
    [ "$port" = "$PGPORT" ] || die "cluster $ver/main is configured for port $port, not $PGPORT: set PGPORT=$port or run: pg_conftool $ver main set port $PGPORT"
    as_root install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    timed "start postgres $ver" pg_start "$ver"
    log "postgres $ver started on 127.0.0.1:$PGPORT"
  else
    ok postgres "already answering on 127.0.0.1:$PGPORT"
  fi
  if ! pg_login; then
    { can_root && id postgres >/dev/null 2>&1; } || manual_help "postgres answers but role/database opsmanager is not usable"
    pg_role_db
    pg_login || die "cannot log in as opsmanager/opsmanager and opsmanager_admin/opsmanager_admin to 127.0.0.1:$PGPORT/opsmanager (check pg_hba.conf)"
    log "postgres roles opsmanager, opsmanager_admin and database opsmanager ready"
  fi
}

# ---- Redis --------------------------------------------------------------------------------------
redis_ready() { if have redis-cli; then [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; else port_open "$REDIS_PORT"; fi; }

start_redis() {
  if redis_ready; then ok redis "already answering on 127.0.0.1:$REDIS_PORT"; return; fi
  have redis-server || timed "install redis-server (apt)" apt_install redis-server
  mkdir -p "$DATA/redis"
  timed "start redis" redis_start
  log "redis started on 127.0.0.1:$REDIS_PORT"
}
redis_start() {
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DATA/redis" \
    --logfile "$DATA/redis.log" --pidfile "$DATA/redis.pid" --save "" --appendonly no
  wait_for redis 15 "$DATA/redis.log" redis_ready
}

# ---- OpenSSH server for the SSH tests (loopback, unprivileged port; see scripts/test-sshd.sh) ---
SSHD_PORT=${SSHD_PORT:-2222}
install_sshd() {
  if [ -x /usr/sbin/sshd ]; then return; fi
  timed "install openssh-server (apt)" apt_install openssh-server
}
start_sshd() { ./scripts/test-sshd.sh; }

# ---- Chromium for the browser journeys (web/browser: Playwright drives Debian's build) -----------
install_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return; fi
  timed "install chromium (apt)" apt_install chromium fonts-liberation
}

# ---- Go-built tools: build once per machine into $CACHE/NAME-VERSION, link into ./bin ----------
# link_cached NAME VERSION: link an already built tool into ./bin (a fresh clone reuses it).
link_cached() { if [ -x "$CACHE/$1-$2/$1" ]; then ln -sfn "$CACHE/$1-$2/$1" "$BIN/$1"; fi; }

go_tool() {
  local name=$1 pkg=$2 version=$3 dir="$CACHE/$1-$3" t0=$SECONDS
  local blog="$CACHE/$name-$version.build.log"
  if [ ! -x "$dir/$name" ] && pgrep -f "go install $pkg@$version" >/dev/null; then
    log "$name $version is being built by another process; waiting (check: ls $dir/$name)"
    while pgrep -f "go install $pkg@$version" >/dev/null; do
      ((SECONDS - t0 < 1800)) || die "other build of $name still running after 30 min"
      sleep 5
    done
    printf 'time %-30s %7ss\n' "wait for $name build" "$((SECONDS - t0))"
  fi
  if [ ! -x "$dir/$name" ]; then
    have go || manual_help "go not found (to build $name $version)"
    log "building $name $version (several minutes, once per machine); log: $blog"
    mkdir -p "$dir"
    timed "build $name $version" go_build "$name" "$pkg" "$version" "$dir" "$blog"
  fi
  ln -sfn "$dir/$name" "$BIN/$name"
}
go_build() {
  local name=$1 pkg=$2 version=$3 dir=$4 blog=$5
  ( flock 9   # a concurrent deps.sh waits here instead of building twice
    [ -x "$dir/$name" ] || GOBIN="$dir" go install "$pkg@$version" >"$blog" 2>&1
  ) 9>"$dir.lock" || { tail -n 25 "$blog" >&2; die "building $name failed (log: $blog)"; }
}

# start_bg NAME CMD...: start a daemon detached from this shell, pid in .data/NAME.pid.
start_bg() {
  local name=$1; shift
  setsid nohup "$@" >"$DATA/$name.log" 2>&1 </dev/null &
  echo $! >"$DATA/$name.pid"
}
pid_alive() { [ -f "$DATA/$1.pid" ] && kill -0 "$(cat "$DATA/$1.pid")" 2>/dev/null; }

# ---- Temporal dev server ------------------------------------------------------------------------
temporal_ready() {
  if [ -x "$BIN/temporal" ]; then
    "$BIN/temporal" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" 2>/dev/null | grep -q SERVING
  else port_open "$TEMPORAL_PORT"; fi
}

# The dev UI decodes payloads through OpsManager's codec endpoint (README: "Payload encryption").
TEMPORAL_CODEC_ENDPOINT=${TEMPORAL_CODEC_ENDPOINT:-http://localhost:8080/codec}

# temporal_outdated: the dev server this script started runs without today's codec endpoint.
temporal_outdated() {
  pid_alive temporal && ! tr '\0' ' ' <"/proc/$(cat "$DATA/temporal.pid")/cmdline" 2>/dev/null |
    grep -qF -- "--ui-codec-endpoint $TEMPORAL_CODEC_ENDPOINT"
}

start_temporal() {
  link_cached temporal "$TEMPORAL_VERSION"
  if temporal_outdated; then
    log "restarting the temporal dev server: its UI lacks the codec endpoint $TEMPORAL_CODEC_ENDPOINT"
    kill "$(cat "$DATA/temporal.pid")"
    for _ in $(seq 50); do pid_alive temporal || break; sleep 0.2; done
  fi
  if temporal_ready; then ok temporal "already answering on 127.0.0.1:$TEMPORAL_PORT"; return; fi
  go_tool temporal github.com/temporalio/cli/cmd/temporal "$TEMPORAL_VERSION"
  if temporal_ready; then ok temporal "already answering on 127.0.0.1:$TEMPORAL_PORT"; return; fi
  timed "start temporal" temporal_start
  log "temporal started on 127.0.0.1:$TEMPORAL_PORT (UI :$TEMPORAL_UI_PORT), log .data/temporal.log"
}
temporal_start() {
  pid_alive temporal || start_bg temporal ./bin/temporal server start-dev --ip 127.0.0.1 \
    --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" --db-filename .data/temporal.db \
    --ui-codec-endpoint "$TEMPORAL_CODEC_ENDPOINT" \
    --sqlite-pragma journal_mode=wal --log-level warn
  wait_for temporal 60 "$DATA/temporal.log" temporal_ready
}

# ---- Mailpit ------------------------------------------------------------------------------------
mailpit_ready() { curl -fsS -m 2 "http://127.0.0.1:$MAILPIT_UI_PORT/readyz" >/dev/null 2>&1 || curl -fsS -m 2 "http://127.0.0.1:$MAILPIT_UI_PORT/api/v1/info" >/dev/null 2>&1; }

start_mailpit() {
  link_cached mailpit "$MAILPIT_VERSION"
  if mailpit_ready; then ok mailpit "already answering on 127.0.0.1:$MAILPIT_UI_PORT"; return; fi
  go_tool mailpit github.com/axllent/mailpit "$MAILPIT_VERSION"
  timed "start mailpit" mailpit_start
  log "mailpit started: SMTP 127.0.0.1:$SMTP_PORT, UI 127.0.0.1:$MAILPIT_UI_PORT, log .data/mailpit.log"
}
mailpit_start() {
  pid_alive mailpit || start_bg mailpit ./bin/mailpit --smtp "127.0.0.1:$SMTP_PORT" \
    --listen "127.0.0.1:$MAILPIT_UI_PORT" --database .data/mailpit.db --disable-version-check
  wait_for mailpit 30 "$DATA/mailpit.log" mailpit_ready
}

# ---- Alertmanager (for the integration test; the tests start it themselves) ---------------------
# Its Go module lacks the built web UI that it embeds, so it is built from a copy of the module
# with a placeholder page, once per machine, into the cache.
build_alertmanager() {
  local dir="$CACHE/alertmanager-$ALERTMANAGER_VERSION"
  if [ ! -x "$dir/alertmanager" ]; then
    have go || manual_help "go not found (to build alertmanager $ALERTMANAGER_VERSION)"
    log "building alertmanager $ALERTMANAGER_VERSION (a minute or two, once per machine); log: $dir.build.log"
    mkdir -p "$dir"
    timed "build alertmanager $ALERTMANAGER_VERSION" alertmanager_build "$dir"
  fi
  ln -sfn "$dir/alertmanager" "$BIN/alertmanager"
  ok alertmanager "$BIN/alertmanager ($ALERTMANAGER_VERSION, for tests)"
}
alertmanager_build() {
  local dir=$1 blog="$1.build.log"
  # Each step is checked: `set -e` does not apply inside a subshell whose status `||` tests.
  ( flock 9
    [ -x "$dir/alertmanager" ] && exit 0
    src=$(go mod download -json "github.com/prometheus/alertmanager@$ALERTMANAGER_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') && [ -d "$src" ] || { echo "go mod download gave no Dir"; exit 1; }
    work=$(mktemp -d) || exit 1
    trap 'rm -rf "$work"' EXIT
    cp -r "$src/." "$work" && chmod -R u+w "$work" && mkdir -p "$work/ui/app/dist" &&
      echo '<!doctype html><title>Alertmanager</title>' >"$work/ui/app/dist/index.html" || exit 1
    (cd "$work" && go build -o "$dir/alertmanager.tmp" ./cmd/alertmanager) && mv "$dir/alertmanager.tmp" "$dir/alertmanager"
  ) 9>"$dir.lock" >"$blog" 2>&1 && [ -x "$dir/alertmanager" ] ||
    { tail -n 25 "$blog" >&2; die "building alertmanager failed (log: $blog)"; }
}

# ---- main ---------------------------------------------------------------------------------------
t_all=$EPOCHREALTIME
start_postgres
start_redis
install_sshd
install_chromium
start_temporal
start_mailpit
start_sshd
build_alertmanager
printf '\n%-12s %-28s %s\n' SERVICE ADDRESS NOTES
printf '%-12s %-28s %s\n' postgres "127.0.0.1:$PGPORT" "db/user/password opsmanager" \
  redis "127.0.0.1:$REDIS_PORT" "" \
  temporal "127.0.0.1:$TEMPORAL_PORT" "namespace default" \
  temporal-ui "http://127.0.0.1:$TEMPORAL_UI_PORT" "" \
  mailpit-smtp "127.0.0.1:$SMTP_PORT" "" \
  mailpit-ui "http://127.0.0.1:$MAILPIT_UI_PORT" "HTTP API under /api/v1" \
  sshd "127.0.0.1:$SSHD_PORT" "test user opsmanager-test, keys in ~/.local/state/opsmanager/sshd"
awk -v a="$t_all" -v b="$EPOCHREALTIME" 'BEGIN { printf "\ndeps ready in %.1fs (timings: .data/deps-timings.log)\n", b - a }'
