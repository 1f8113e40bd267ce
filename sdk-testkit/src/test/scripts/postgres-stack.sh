#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for the payment journal tests.
#
#   bash sdk-testkit/src/test/scripts/postgres-stack.sh start|stop|status
#
# start: (as root) creates a cluster in a temporary directory owned by the `postgres` user, listening on
#        127.0.0.1:55432 only, with database `yikatong`, user `yikatong`, password `yikatong`; prints the JDBC URL.
# stop:  stops the cluster and deletes its directory.
# The directory is recorded in /tmp/yikatong-pg.dir so that stop/status find it. Override the binaries with PG_BIN.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PG_PORT:-55432}
STATE=/tmp/yikatong-pg.dir
JDBC_URL="jdbc:postgresql://127.0.0.1:${PORT}/yikatong"

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() {
    [ -f "$STATE" ] && as_postgres "$PG_BIN/pg_ctl" -D "$(cat "$STATE")/data" status >/dev/null 2>&1
}

case "${1:-}" in
start)
    if running; then
        echo "already running: $JDBC_URL (user yikatong, password yikatong)"
        exit 0
    fi
    dir=$(mktemp -d /tmp/yikatong-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    echo "$dir" > "$STATE"
    pwfile="$dir/pw"
    echo yikatong > "$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $dir -c fsync=off -c max_connections=60" start >/dev/null
    as_postgres "$PG_BIN/psql" -h "$dir" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q -d postgres \
        -c "CREATE USER yikatong PASSWORD 'yikatong'" \
        -c "CREATE DATABASE yikatong OWNER yikatong"
    echo "$JDBC_URL (user yikatong, password yikatong)"
    ;;
stop)
    if [ -f "$STATE" ]; then
        dir=$(cat "$STATE")
        as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$dir" "$STATE"
        echo stopped
    else
        echo "not running"
    fi
    ;;
status)
    if running; then
        echo "running: $JDBC_URL (user yikatong, password yikatong)"
    else
        echo "not running"
        exit 1
    fi
    ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
