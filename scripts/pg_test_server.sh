#!/usr/bin/env bash
# Start/stop a throw-away PostgreSQL cluster on 127.0.0.1 for the test suite; `start` prints its URL.
# Runs as the 'postgres' OS user when invoked as root (PostgreSQL refuses to run as root).
set -euo pipefail
PGPORT="${RETURNSTATION_TEST_PG_PORT:-55432}"
PGDIR="${RETURNSTATION_TEST_PG_DIR:-/tmp/returnstation-pg-$PGPORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$BIN" ] && [ -x "$BIN/initdb" ] || { echo "pg_test_server: PostgreSQL binaries not found" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ ! -f "$PGDIR/PG_VERSION" ]; then
      rm -rf "$PGDIR"; mkdir -p "$PGDIR"
      [ "$(id -u)" = "0" ] && chown postgres "$PGDIR"
      as_pg "$BIN/initdb" -D "$PGDIR" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w -t 60 \
        -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" start >/dev/null
    fi
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='returnstation_test'" | grep -q 1 \
      || as_pg "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "CREATE DATABASE returnstation_test"
    echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/returnstation_test"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
