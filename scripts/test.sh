#!/usr/bin/env bash
# The README's test command: set everything up (first time only), start a throw-away PostgreSQL
# server when one can be had, then run lint, type checks and the whole pytest suite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD_BUNDLE=0
if [ "${CI:-}" = "true" ] || [ "${RETURNSTATION_BUILD_BUNDLE:-}" = "1" ]; then BUILD_BUNDLE=1; fi
EXTRAS=test; [ "$BUILD_BUNDLE" = 1 ] && EXTRAS=test,bundle
export BOOTSTRAP_EXTRAS="$EXTRAS"
EXTRA_APT_PACKAGES="postgresql poppler-utils" bash scripts/bootstrap.sh
PY="$ROOT/.venv/bin/python"

if [ -z "${RETURNSTATION_TEST_PG_URL:-}" ]; then
  if PG_URL="$(bash scripts/pg_test_server.sh start)"; then
    export RETURNSTATION_TEST_PG_URL="$PG_URL"
    trap 'bash "$ROOT/scripts/pg_test_server.sh" stop >/dev/null 2>&1 || true' EXIT
    echo "test: PostgreSQL test server at $RETURNSTATION_TEST_PG_URL"
  else
    echo "test: no PostgreSQL server could be started here; PostgreSQL tests will be skipped"
  fi
fi

export QT_QPA_PLATFORM=offscreen
echo "test: ruff"; "$PY" -m ruff check returnstation tests bench installer
echo "test: mypy"; "$PY" -m mypy
echo "test: import layers"; "$ROOT/.venv/bin/lint-imports" --no-cache  # contracts in pyproject.toml
# The installable bundle (PyInstaller, ~2 min) is built and self-tested in CI, or on request.
if [ "$BUILD_BUNDLE" = 1 ]; then
  echo "test: building the Linux bundle"; bash scripts/build_bundle.sh
fi
# pytest-xdist workers, each with its own migrated template databases (tests/conftest.py): one more
# than there are cores, since a worker spends much of its time waiting on PostgreSQL, a subprocess or
# a Qt timer (measured on 2 cores: tests/db 112 s with 2 workers, 83 s with 3); at most 8, for the
# PostgreSQL server's 100 connections. loadgroup keeps the tests marked xdist_group(name) in one
# worker. -rs: say why anything was skipped. Arguments come last: `scripts/test.sh -n 0` runs in one
# process, `scripts/test.sh -m "not slow"` leaves out the slow tests.
CORES="$(nproc 2>/dev/null || echo 2)"
WORKERS="${RETURNSTATION_TEST_WORKERS:-$(( CORES + 1 < 8 ? CORES + 1 : 8 ))}"
echo "test: pytest ($WORKERS workers)"
"$PY" -m pytest -q -rs -p no:cacheprovider -n "$WORKERS" --dist loadgroup "$@"
