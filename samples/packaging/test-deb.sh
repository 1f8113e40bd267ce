#!/usr/bin/env bash
# Installs the yikatong .deb (samples/target/yikatong_*_amd64.deb, made by build-deb.sh) with dpkg -i and checks it:
# the CLI from /usr/bin, the system user and group, the token's owner and mode (a member of group yikatong reads it,
# another user cannot), the systemd unit (systemd-analyze verify), then the agent started from the unit: by systemd
# when systemd is PID 1 (and restarted after a crash), otherwise the unit's ExecStartPre and ExecStart run as user
# yikatong the way systemd would; GET /v1/health and a card read with the token, and the Java 8 client example run by
# a desktop user in group yikatong (when a javac is on the PATH); then dpkg -r and dpkg -P.
# The agent serves the virtual card (no --reader) on port YIKATONG_TEST_PORT (default 18187). Needs root and curl.
# Leaves the machine as it found it: the package purged, and the user, group and state directory deleted if this
# script created them.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
samples=$(dirname "$here")
deb=${1:-}
if [ -z "$deb" ]; then
    deb=$(ls "$samples"/target/yikatong_*_amd64.deb 2>/dev/null | head -1)
fi
port=${YIKATONG_TEST_PORT:-18187}
unit=/lib/systemd/system/yikatong-agent.service
desk=yktdesk$$

fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }
step() { printf 'test-deb: %s\n' "$*"; }

[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"
[ -n "$deb" ] && [ -f "$deb" ] || fail "no package: run samples/packaging/build-deb.sh first"
command -v curl >/dev/null || fail "needs curl"
dpkg-query -W -f='${Status}' yikatong 2>/dev/null | grep -q "install ok" && fail "yikatong is already installed here; not touching it"
curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" && fail "port $port is in use (set YIKATONG_TEST_PORT)"

had_user=no
getent passwd yikatong >/dev/null && had_user=yes
agent_pid=
systemd=no
[ "$(ps -p 1 -o comm= | tr -d ' ')" = systemd ] && [ -d /run/systemd/system ] && systemd=yes
dropin=/run/systemd/system/yikatong-agent.service.d

cleanup() {
    set +e
    if [ -n "$agent_pid" ]; then kill "$agent_pid" 2>/dev/null; wait "$agent_pid" 2>/dev/null; fi
    if [ "$systemd" = yes ]; then systemctl stop yikatong-agent.service 2>/dev/null; rm -rf "$dropin"; systemctl daemon-reload; fi
    dpkg-query -W yikatong >/dev/null 2>&1 && dpkg -P yikatong >/dev/null
    getent passwd "$desk" >/dev/null && userdel "$desk"
    if [ "$had_user" = no ]; then
        getent passwd yikatong >/dev/null && userdel yikatong
        getent group yikatong >/dev/null && groupdel yikatong
        rm -rf /var/lib/yikatong
    fi
}
trap cleanup EXIT

step "dpkg -i $(basename "$deb")"
dpkg -i "$deb"

step "the CLI"
[ "$(readlink -f /usr/bin/yikatong)" = /opt/yikatong/bin/yikatong ] || fail "/usr/bin/yikatong does not lead to /opt/yikatong/bin/yikatong"
help=$(cd / && /usr/bin/yikatong --help) || fail "yikatong --help exited $?"
grep -q "^  *agent " <<<"$help" || grep -q "agent \[--port" <<<"$help" || fail "yikatong --help does not list agent: $help"
if [ -f "$samples/target/yikatong.jar" ]; then
    [ "$help" = "$(java -jar "$samples/target/yikatong.jar" --help)" ] || fail "the packaged --help differs from the jar's"
fi
/opt/yikatong/lib/runtime/bin/java --list-modules | grep -q '^java.smartcardio' || fail "the bundled runtime lacks java.smartcardio"
[ ! -e /opt/yikatong/lib/runtime/include ] || fail "the bundled runtime has header files"

step "user, group, state directory, token"
[ "$(getent passwd yikatong | cut -d: -f6,7)" = /var/lib/yikatong:/usr/sbin/nologin ] || fail "user yikatong: $(getent passwd yikatong)"
uid=$(id -u yikatong)
[ "$uid" -lt 1000 ] || fail "yikatong is not a system user (uid $uid)"
[ "$(stat -c '%U:%G %a' /var/lib/yikatong)" = "yikatong:yikatong 750" ] || fail "/var/lib/yikatong: $(stat -c '%U:%G %a' /var/lib/yikatong)"
token_file=/var/lib/yikatong/agent-token
[ "$(stat -c '%U:%G %a' "$token_file")" = "yikatong:yikatong 640" ] || fail "token: $(stat -c '%U:%G %a' "$token_file")"
grep -Eqx '[A-Za-z0-9_-]{43}' "$token_file" || fail "the token is not 43 Base64url characters"
useradd --no-create-home --shell /usr/sbin/nologin --groups yikatong "$desk"
runuser -u "$desk" -- cat "$token_file" >/dev/null || fail "a member of group yikatong cannot read the token"
runuser -u nobody -- cat "$token_file" >/dev/null 2>&1 && fail "user nobody can read the token"
grep -qx /etc/default/yikatong-agent /var/lib/dpkg/info/yikatong.conffiles || fail "/etc/default/yikatong-agent is not a conffile"

step "the unit"
grep -q '^User=yikatong$' "$unit" && grep -q '^Restart=on-failure$' "$unit" && grep -q '^NoNewPrivileges=yes$' "$unit" \
    && grep -q '^ProtectSystem=strict$' "$unit" || fail "the unit lacks User, Restart, NoNewPrivileges or ProtectSystem"
if command -v systemd-analyze >/dev/null; then
    # offline check of the unit's syntax and that its programs exist
    out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify: $out"
    [ -z "$out" ] || fail "systemd-analyze verify warned: $out"
    # the hardening, scored offline (0 best, 100 worst; 16 when written): fails if a change weakens it much
    out=$(systemd-analyze security --offline=yes --threshold=25 "$unit" 2>&1) \
        || fail "systemd-analyze security: exposure above 2.5: $(tail -1 <<<"$out")"
    step "$(tail -1 <<<"$out" | sed 's/^→ //')"
else
    step "systemd-analyze is not installed: unit not verified"
fi

health() { curl -sf --max-time 5 "http://127.0.0.1:$port/v1/health"; }
wait_health() {
    local i
    for i in $(seq 1 120); do   # 60 s at most: a cold JVM on a busy 2-core machine
        health >/dev/null 2>&1 && return 0
        [ -z "$agent_pid" ] || kill -0 "$agent_pid" 2>/dev/null || { cat "$log" >&2; fail "the agent exited"; }
        sleep 0.5
    done
    [ -z "$agent_pid" ] || cat "$log" >&2
    fail "no answer from the agent on port $port in 60 s"
}
log=$(mktemp)

if [ "$systemd" = yes ]; then
    step "systemd is PID 1: systemctl start yikatong-agent (virtual card, port $port)"
    mkdir -p "$dropin"
    printf '[Service]\nEnvironmentFile=\nEnvironment=YIKATONG_AGENT_ARGS=--port=%s\n' "$port" > "$dropin/test.conf"
    systemctl daemon-reload
    systemctl restart yikatong-agent.service
    wait_health
    main=$(systemctl show -p MainPID --value yikatong-agent.service)
    [ "$(ps -o user= -p "$main" | tr -d ' ')" = yikatong ] || fail "the agent does not run as yikatong"
    step "kill -9 the agent: systemd restarts it"
    kill -9 "$main"
    for i in $(seq 1 60); do
        new=$(systemctl show -p MainPID --value yikatong-agent.service)
        [ "$new" != 0 ] && [ "$new" != "$main" ] && health >/dev/null 2>&1 && break
        sleep 1
    done
    [ "$new" != "$main" ] && health >/dev/null || fail "not restarted after a crash"
else
    step "systemd is not PID 1 ($(ps -p 1 -o comm=)): the unit's ExecStartPre and ExecStart as user yikatong"
    pre=$(sed -n 's/^ExecStartPre=//p' "$unit")
    start=$(sed -n 's/^ExecStart=//p' "$unit")
    [ -n "$pre" ] && [ -n "$start" ] || fail "no ExecStartPre/ExecStart in $unit"
    # the options /etc/default/yikatong-agent would give, here the virtual card (no --reader) on the test port;
    # systemd splits $VAR at white space without globbing: so does this (set -f)
    YIKATONG_AGENT_ARGS="--port $port"
    set -f
    read -r -a pre_argv <<<"$pre"
    read -r -a argv <<<"${start//\$YIKATONG_AGENT_ARGS/$YIKATONG_AGENT_ARGS}"
    set +f
    rm -f "$token_file"                     # the unit recreates a missing token, group-readable
    (cd / && umask 0077 && runuser -u yikatong -- env -i PATH=/usr/bin:/bin HOME=/var/lib/yikatong "${pre_argv[@]}")
    [ "$(stat -c '%U:%G %a' "$token_file")" = "yikatong:yikatong 640" ] || fail "ExecStartPre made the token $(stat -c '%U:%G %a' "$token_file")"
    # setpriv (not runuser, which stays as a parent) execs: $! is the agent itself, stopped by its id below
    (cd / && umask 0077 && exec setpriv --reuid=yikatong --regid=yikatong --init-groups -- \
        env -i PATH=/usr/bin:/bin HOME=/var/lib/yikatong "${argv[@]}") >"$log" 2>&1 &
    agent_pid=$!
    wait_health
    [ "$(ps -o user= -p "$agent_pid" | tr -d ' ')" = yikatong ] || fail "the agent does not run as yikatong"
fi

step "GET /v1/health, POST /v1/card/read with the token a desktop user reads"
h=$(health)
grep -q '"status":"ok"' <<<"$h" || fail "health: $h"
token=$(runuser -u "$desk" -- cat "$token_file")
card=$(curl -sf --max-time 30 -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/card/read") || fail "card read failed"
grep -q '"cardType":"residentHealthCard"' <<<"$card" && grep -q '"masked":true' <<<"$card" || fail "card read: $card"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST -H "Authorization: Bearer wrong" "http://127.0.0.1:$port/v1/card/read")
[ "$code" = 401 ] || fail "a wrong token got HTTP $code"
if command -v javac >/dev/null && javac --help 2>&1 | grep -q -- --release; then
    # the desktop user's HIS: the Java 8 client example, run by a member of group yikatong with the service's token
    classes=$(mktemp -d)
    chmod 755 "$classes"
    javac --release 8 -Xlint:-options -d "$classes" "$samples/clients/java8/AgentClient.java"
    out=$(cd / && runuser -u "$desk" -- java -cp "$classes" AgentClient "http://127.0.0.1:$port/" "$token_file") \
        || { rm -rf "$classes"; fail "the Java 8 client as a desktop user: $out"; }
    rm -rf "$classes"
    grep -q '^health: ok' <<<"$out" && grep -Eq '^idNumber: [0-9]{6}\*{8}[0-9]{3}\*$' <<<"$out" \
        || fail "the Java 8 client as a desktop user printed: $out"
    step "the Java 8 client, run by a member of group yikatong: $(grep -c . <<<"$out") lines, masked ID"
fi
[ "$(stat -c '%a' /var/lib/yikatong/journal)" = 700 ] || fail "the payment journal is not private: $(stat -c '%a' /var/lib/yikatong/journal)"

if [ -n "$agent_pid" ]; then
    step "SIGTERM: the agent stops"
    kill -TERM "$agent_pid"
    for i in $(seq 1 40); do kill -0 "$agent_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$agent_pid" 2>/dev/null && fail "the agent did not stop within 20 s of SIGTERM"
    wait "$agent_pid" 2>/dev/null || true
    agent_pid=
else
    systemctl stop yikatong-agent.service
    rm -rf "$dropin"
    systemctl daemon-reload
fi

step "dpkg -r, dpkg -P"
dpkg -r yikatong >/dev/null
[ ! -e /usr/bin/yikatong ] && [ ! -e /opt/yikatong/bin/yikatong ] && [ ! -e "$unit" ] || fail "dpkg -r left the program or the unit"
[ -f /etc/default/yikatong-agent ] || fail "dpkg -r removed the conffile"
dpkg -P yikatong >/dev/null
[ ! -e /etc/default/yikatong-agent ] && [ ! -e "$token_file" ] || fail "dpkg -P left the conffile or the token"
step "passed"
