#!/usr/bin/env bash
# stop-services.sh — stop what scripts/deps.sh started (sshd, temporal, mailpit, redis, postgres).
# Services that deps.sh found already running (not started by it) are left alone.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DATA=$PWD/.data
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo -n"; fi

# stop_pid NAME PIDFILE: SIGTERM the process in PIDFILE, wait up to 15 s, then SIGKILL.
stop_pid() {
  local name=$1 pidfile=$2 pid
  if [ ! -f "$pidfile" ]; then echo "$name: no pid file, not started by deps.sh"; return; fi
  pid=$(cat "$pidfile")
  if ! kill -0 "$pid" 2>/dev/null; then echo "$name: not running (stale pid $pid)"; rm -f "$pidfile"; return; fi
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "$name: still running after 15 s, sending SIGKILL"; kill -9 "$pid"; fi
  rm -f "$pidfile"
  echo "$name: stopped (pid $pid)"
}

stop_redis() {
  local pidfile=$DATA/redis.pid pid
  if [ ! -f "$pidfile" ]; then echo "redis: no pid file, not started by deps.sh"; return; fi
  pid=$(cat "$pidfile")
  # The pid file is ours, so the instance on 6379 is the one deps.sh started: ask it to shut down
  # (it removes its pid file), and fall back to signals if that does not work.
  if kill -0 "$pid" 2>/dev/null && command -v redis-cli >/dev/null; then
    redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  if kill -0 "$pid" 2>/dev/null; then stop_pid redis "$pidfile"; else rm -f "$pidfile"; echo "redis: stopped (pid $pid)"; fi
}

stop_postgres() {
  local marker=$DATA/postgres.cluster ver cluster
  if [ ! -f "$marker" ]; then echo "postgres: not started by deps.sh"; return; fi
  read -r ver cluster <"$marker"
  if $SUDO pg_ctlcluster "$ver" "$cluster" stop; then echo "postgres: cluster $ver/$cluster stopped"
  else echo "postgres: cluster $ver/$cluster was not running"; fi
  rm -f "$marker"
}

stop_pid sshd "${SSHD_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/opsmanager/sshd}/sshd.pid"
stop_pid temporal "$DATA/temporal.pid"
stop_pid mailpit "$DATA/mailpit.pid"
stop_redis
stop_postgres
