#!/usr/bin/env bash
# The README's run command: set everything up (first time only) and open the station window.
# Extra arguments go to the `returnstation` command, e.g. `scripts/run.sh report --from 2026-11-01`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ] && [ $# -eq 0 ]; then
  if command -v Xvfb >/dev/null 2>&1; then
    echo "run: no display found; starting a virtual one (Xvfb :97). On a bench PC the window opens on screen."
    Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 &
    export DISPLAY=:97
    sleep 1
  fi
fi
if [ -z "${RETURNSTATION_CAMERA+x}" ] && ! compgen -G "/dev/video*" >/dev/null; then
  # No camera device at all: the demo camera plays pictures, so photo-required checks can be tried.
  echo "run: no camera found; the camera panel (F6) plays demo pictures. Set RETURNSTATION_CAMERA to override."
  export RETURNSTATION_CAMERA=demo
fi
exec "$ROOT/.venv/bin/returnstation" "$@"
