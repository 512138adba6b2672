#!/usr/bin/env bash
# test-sshd.sh — start an OpenSSH sshd on 127.0.0.1:${SSHD_PORT:-2222} for the SSH tests, with
# generated host keys and a generated client key under $SSHD_DIR (default ~/.local/state/opsmanager/sshd)/. Idempotent: an sshd we started
# that still answers is reported "ok" and left alone. Needs root (or passwordless sudo) once, to
# create the local user opsmanager-test and set its password; sshd itself runs as root because
# password authentication reads /etc/shadow.
#
# What the tests read (activities/sshtest does this):
#   $SSHD_DIR/info.env            SSHD_HOST, SSHD_PORT, SSHD_USER
#   $SSHD_DIR/client_ed25519      client private key (its .pub is the authorized key)
#   $SSHD_DIR/password            the test user's password (password authentication)
#   $SSHD_DIR/ssh_host_*_key.pub  the host keys the server presents
# Stop it with scripts/stop-services.sh (or: kill "$(cat ~/.local/state/opsmanager/sshd/sshd.pid)").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One test sshd per machine, shared by every clone (like Postgres and Temporal):
# its keys live outside the work tree so a fresh clone finds and reuses it.
DIR=${SSHD_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/opsmanager/sshd}
PORT=${SSHD_PORT:-2222}
TEST_USER=${SSHD_TEST_USER:-opsmanager-test}
SSHD=${SSHD_BIN:-/usr/sbin/sshd}
mkdir -p "$DIR"
chmod 700 "$DIR"

ok()  { printf 'ok   %-9s %s\n' sshd "$*"; }
die() { printf 'test-sshd.sh: error: %s\n' "$*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$DIR/sshd.pid" ] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null; }
banner()    { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT; head -c 8 <&3" 2>/dev/null; }

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
as_root() {
  [ "$SUDO" != none ] || die "need root or passwordless sudo to $*; or run as root: scripts/test-sshd.sh"
  $SUDO "$@"
}

[ -x "$SSHD" ] || die "$SSHD not found: apt-get install openssh-server"

# Already running (ours, on the configured port)?
# FIXTURE changes whenever the set-up below does, so a running sshd of an older set-up restarts.
FIXTURE=2
if pid_alive && [ "$(banner)" = "SSH-2.0-" ] && grep -qx "SSHD_PORT=$PORT" "$DIR/info.env" 2>/dev/null &&
  grep -qx "SSHD_FIXTURE=$FIXTURE" "$DIR/info.env"; then
  ok "already running on 127.0.0.1:$PORT (pid $(cat "$DIR/sshd.pid"))"
  exit 0
fi
if pid_alive; then
  # Ours but on another port, or not answering: restart it.
  kill "$(cat "$DIR/sshd.pid")" 2>/dev/null || true
  for _ in $(seq 1 20); do pid_alive || break; sleep 0.2; done
fi
port_open "$PORT" && die "port $PORT is used by another program; set SSHD_PORT to a free port"

# Keys: host keys (ed25519 and RSA, so tests can pin a non-default type) and the client key.
for t in ed25519 rsa; do
  [ -f "$DIR/ssh_host_${t}_key" ] || ssh-keygen -q -t "$t" -N '' -C "opsmanager-test-host" -f "$DIR/ssh_host_${t}_key"
done
[ -f "$DIR/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "opsmanager-test-client" -f "$DIR/client_ed25519"
[ -s "$DIR/password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DIR/password")

# The test user, with a home directory, a POSIX login shell and the known password.
if ! id "$TEST_USER" >/dev/null 2>&1; then
  as_root useradd -m -s /bin/bash "$TEST_USER"
fi
printf '%s:%s\n' "$TEST_USER" "$(cat "$DIR/password")" | as_root chpasswd
# Authorise the client key in the user's home (sshd reads it as that user, and .data may not be
# readable by it). Appended, so checkouts sharing the user keep working.
HOME_DIR=$(getent passwd "$TEST_USER" | cut -d: -f6)
as_root install -d -m 700 -o "$TEST_USER" -g "$(id -gn "$TEST_USER")" "$HOME_DIR/.ssh"
if ! as_root grep -qxF "$(cat "$DIR/client_ed25519.pub")" "$HOME_DIR/.ssh/authorized_keys" 2>/dev/null; then
  as_root tee -a "$HOME_DIR/.ssh/authorized_keys" <"$DIR/client_ed25519.pub" >/dev/null
fi
as_root chown "$TEST_USER" "$HOME_DIR/.ssh/authorized_keys"
as_root chmod 600 "$HOME_DIR/.ssh/authorized_keys"
as_root install -d -m 755 /run/sshd   # privilege separation directory

# There is no systemd here: sessions find a stand-in systemctl first on their PATH, under which
# units named opsmanager-*.service exist, restart and are active (so restart playbooks can
# succeed); every other call goes to the real systemctl.
FAKEBIN=$HOME_DIR/.opsmanager-test-bin
as_root install -d -m 755 -o root -g root "$FAKEBIN"
as_root tee "$FAKEBIN/systemctl" >/dev/null <<'SYSTEMCTL'
#!/bin/sh
# Test stand-in for systemctl (scripts/test-sshd.sh): opsmanager-*.service units only.
verb=$1
for a in "$@"; do unit=$a; done
case "$unit" in
  opsmanager-*.service) ;;
  *) exec /usr/bin/systemctl "$@" ;;
esac
state=$HOME/.opsmanager-test-units
mkdir -p "$state"
case "$verb" in
  restart|start) date +%s >"$state/$unit"; echo "restarted $unit" ;;
  stop) rm -f "$state/$unit" ;;
  is-active) echo active ;;
  status) echo "$unit - OpsManager test unit"; echo "   Active: active (running)" ;;
  *) echo "systemctl stand-in: $verb is not supported" >&2; exit 1 ;;
esac
SYSTEMCTL
as_root chmod 755 "$FAKEBIN/systemctl"

cat >"$DIR/sshd_config" <<EOF
# Generated by scripts/test-sshd.sh — a loopback-only sshd for tests.
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/ssh_host_ed25519_key
HostKey $DIR/ssh_host_rsa_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
AllowUsers $TEST_USER
PermitRootLogin no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
PrintMotd no
X11Forwarding no
AllowTcpForwarding no
PermitUserEnvironment no
# Tests connect in parallel and some fail authentication on purpose.
MaxStartups 200
MaxSessions 50
MaxAuthTries 6
LoginGraceTime 30
LogLevel VERBOSE
SetEnv PATH=$FAKEBIN:/usr/local/bin:/usr/bin:/bin
EOF
# OpenSSH 9.8+ penalises sources that fail authentication; tests do that on purpose.
if as_root "$SSHD" -t -f "$DIR/sshd_config" -o PerSourcePenalties=no >/dev/null 2>&1; then
  echo "PerSourcePenalties no" >>"$DIR/sshd_config"
fi
as_root "$SSHD" -t -f "$DIR/sshd_config" || die "invalid sshd config $DIR/sshd_config"

printf 'SSHD_HOST=127.0.0.1\nSSHD_PORT=%s\nSSHD_USER=%s\nSSHD_FIXTURE=%s\n' "$PORT" "$TEST_USER" "$FIXTURE" >"$DIR/info.env"
as_root "$SSHD" -f "$DIR/sshd_config" -E "$DIR/sshd.log"
for _ in $(seq 1 50); do
  [ "$(banner)" = "SSH-2.0-" ] && break
  sleep 0.2
done
[ "$(banner)" = "SSH-2.0-" ] || { tail -n 20 "$DIR/sshd.log" >&2; die "sshd did not answer on 127.0.0.1:$PORT"; }
printf '==> sshd started on 127.0.0.1:%s (user %s), log %s\n' "$PORT" "$TEST_USER" "$DIR/sshd.log"
