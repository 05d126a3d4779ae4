#!/usr/bin/env bash
# The README's test command: set everything up (first time only), start a throw-away PostgreSQL
# server when one can be had, then run lint, type checks and the whole pytest suite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BOOTSTRAP_EXTRAS=test EXTRA_APT_PACKAGES="postgresql poppler-utils" bash scripts/bootstrap.sh
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
echo "test: ruff"; "$PY" -m ruff check returnstation tests bench
echo "test: mypy"; "$PY" -m mypy
echo "test: pytest"; "$PY" -m pytest -q -p no:cacheprovider "$@"
