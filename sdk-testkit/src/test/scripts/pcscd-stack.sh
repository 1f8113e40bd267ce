#!/usr/bin/env bash
# Starts or stops the real PC/SC stack used by sdk-card's end-to-end tests (io.yikatong.card.pcsc):
# pcscd in the foreground (detached with setsid, no --auto-exit) with the vsmartcard vpcd driver, which offers
# readers "Virtual PCD 00 00" (TCP 35963) and "Virtual PCD 00 01" (TCP 35964) for the tests' virtual cards.
#
#   bash sdk-testkit/src/test/scripts/pcscd-stack.sh start|stop|status
#
# Needs root to write /etc/reader.conf.d/vpcd and to create /run/pcscd (clients need no root).
# Packages: pcscd vsmartcard-vpcd (Debian/Ubuntu).
set -euo pipefail

PCSCD=/usr/sbin/pcscd
RUN_DIR=/run/pcscd
COMM="$RUN_DIR/pcscd.comm"
PIDFILE="$RUN_DIR/pcscd.pid"
CONF=/etc/reader.conf.d/vpcd
DRIVER=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
LOG=${PCSCD_LOG:-/tmp/yikatong-pcscd.log}

die() { echo "pcscd-stack: $*" >&2; exit 1; }

running_pid() {
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid=$(tr -d '\0\n ' < "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = pcscd ] || return 1
  echo "$pid"
}

start() {
  [ -x "$PCSCD" ] || die "$PCSCD missing: apt-get install -y --no-install-recommends pcscd vsmartcard-vpcd"
  [ -f "$DRIVER" ] || die "$DRIVER missing: apt-get install -y --no-install-recommends vsmartcard-vpcd"
  if [ ! -f "$CONF" ]; then
    [ "$(id -u)" = 0 ] || die "$CONF is missing and only root can write it"
    mkdir -p "$(dirname "$CONF")"
    cat > "$CONF" <<CONFEOF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      $DRIVER
CHANNELID    0x8C7B
CONFEOF
    echo "pcscd-stack: wrote $CONF"
  fi
  if pid=$(running_pid); then
    echo "pcscd-stack: pcscd already running (pid $pid)"
    return 0
  fi
  # a pcscd killed with SIGKILL leaves its socket and pid file behind; the new one refuses to start over them
  rm -f "$COMM" "$PIDFILE"
  setsid "$PCSCD" --foreground </dev/null >"$LOG" 2>&1 &
  local i
  for i in $(seq 1 100); do   # up to 10 s; usually 100-200 ms
    if [ -S "$COMM" ] || [ -e "$COMM" ]; then
      echo "pcscd-stack: pcscd started (pid $(tr -d '\0\n' < "$PIDFILE" 2>/dev/null || echo ?)), log $LOG"
      return 0
    fi
    sleep 0.1
  done
  cat "$LOG" >&2 || true
  die "pcscd did not create $COMM within 10 s"
}

stop() {
  local pid i
  if ! pid=$(running_pid); then
    echo "pcscd-stack: pcscd not running"
    return 0
  fi
  kill -TERM "$pid"
  for i in $(seq 1 50); do    # SIGTERM: clean exit in about 1-2 s
    kill -0 "$pid" 2>/dev/null || { echo "pcscd-stack: pcscd stopped"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$COMM" "$PIDFILE"
  echo "pcscd-stack: pcscd killed"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if pid=$(running_pid); then echo "running (pid $pid)"; else echo "not running"; exit 1; fi ;;
  *) die "usage: $0 start|stop|status" ;;
esac
