#!/usr/bin/env bash
# Build the one-folder application bundle dist/returnstation/ with PyInstaller, then run the bundle's
# own self-test offscreen: a bundle that cannot find a Qt plugin, libzbar, a data file or a migration
# fails here, not on a bench PC. Usage:
#   scripts/build_bundle.sh            build + self-test
#   scripts/build_bundle.sh --archive  also pack dist/returnstation-<version>-linux-<arch>.tar.gz
# Takes about 1 minute on 2 cores; the bundle is about 470 MB (190 MB as .tar.gz).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ARCHIVE=0
[ "${1:-}" = "--archive" ] && ARCHIVE=1

BOOTSTRAP_EXTRAS="${BOOTSTRAP_EXTRAS:-bundle}" bash scripts/bootstrap.sh  # apt packages (libzbar0 and Qt's X11 libraries) and the virtualenv
PY="${RETURNSTATION_VENV:-$ROOT/.venv}/bin/python"
PYINSTALLER_SPEC="${PYINSTALLER_SPEC:-pyinstaller>=6.10,<7}"
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build_bundle: installing $PYINSTALLER_SPEC"
  "$PY" -m pip install -q "$PYINSTALLER_SPEC"
fi
echo "build_bundle: PyInstaller $("$PY" -c 'import PyInstaller; print(PyInstaller.__version__)')"

started=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" installer/returnstation.spec
seconds=$(( $(date +%s) - started ))
BUNDLE="$ROOT/dist/returnstation"
echo "build_bundle: built $BUNDLE in ${seconds} s, $(du -sh "$BUNDLE" | cut -f1), $(find "$BUNDLE" -type f | wc -l) files"

echo "build_bundle: running the bundle's self-test"
QT_QPA_PLATFORM=offscreen "$BUNDLE/returnstation" --self-test

if [ "$ARCHIVE" = 1 ]; then
  version="$("$PY" -c 'from importlib.metadata import version; print(version("returnstation"))')"
  tarball="$ROOT/dist/returnstation-$version-linux-$(uname -m).tar.gz"
  tar -C "$ROOT/dist" -czf "$tarball" returnstation
  echo "build_bundle: wrote $tarball ($(du -h "$tarball" | cut -f1))"
fi
