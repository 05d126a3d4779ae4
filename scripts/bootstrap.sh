#!/usr/bin/env bash
# Prepares everything ReturnStation needs on a Debian/Ubuntu machine, idempotently:
# apt packages when run as root, a virtualenv in .venv, the package and its test extras.
# Sourced by run.sh and test.sh so that each of the two README commands works on a fresh machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${RETURNSTATION_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

APT_PACKAGES=(
  python3-venv libzbar0 libpulse0 libgl1 libglib2.0-0 libegl1 libfontconfig1 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6
  xvfb fonts-dejavu-core
)

apt_install_missing() {
  [ "$(id -u)" = "0" ] || { echo "bootstrap: not root, skipping apt packages (see README)"; return 0; }
  command -v apt-get >/dev/null 2>&1 || return 0
  local missing=()
  for p in "$@"; do
    [ -n "$p" ] || continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bootstrap: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_install_missing "${APT_PACKAGES[@]}" ${EXTRA_APT_PACKAGES:-}

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating virtualenv $VENV"
  "$PY" -m venv "$VENV"
fi
STAMP="$VENV/.returnstation-installed"
WANT="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)-${BOOTSTRAP_EXTRAS:-}"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "bootstrap: installing Python packages into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e "$ROOT${BOOTSTRAP_EXTRAS:+[$BOOTSTRAP_EXTRAS]}"
  echo "$WANT" > "$STAMP"
fi
