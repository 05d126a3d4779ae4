#!/usr/bin/env bash
# Install (or remove) the built bundle on a Linux bench PC, as root:
#   sudo installer/linux/install.sh [--udev] [--prefix /opt/returnstation]
#   sudo installer/linux/install.sh --uninstall
# Copies dist/returnstation/ to the prefix, links /usr/local/bin/returnstation, adds the menu entry and
# icon, optionally the udev rules for serial scanners and cameras, then runs the installed self-test.
# Station data stays per user (~/.local/share/ReturnStation) and is never removed by --uninstall.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PREFIX=/opt/returnstation
UDEV=0
UNINSTALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --udev) UDEV=1; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    *) echo "usage: $0 [--prefix DIR] [--udev] [--uninstall]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = "0" ] || { echo "install: run as root (sudo)" >&2; exit 1; }
APPS=/usr/share/applications
ICONS=/usr/share/icons/hicolor
RULES=/etc/udev/rules.d/99-returnstation-scanners.rules

if [ "$UNINSTALL" = 1 ]; then
  rm -rf "$PREFIX" /usr/local/bin/returnstation "$APPS/returnstation.desktop" \
    "$ICONS/scalable/apps/returnstation.svg" "$ICONS/256x256/apps/returnstation.png"
  if [ -f "$RULES" ]; then rm -f "$RULES"; udevadm control --reload || true; fi
  echo "install: removed ReturnStation (station data in users' home folders was kept)"
  exit 0
fi

BUNDLE="$ROOT/dist/returnstation"
[ -x "$BUNDLE/returnstation" ] || { echo "install: no bundle at $BUNDLE (run scripts/build_bundle.sh)" >&2; exit 1; }
rm -rf "$PREFIX.new"
cp -a "$BUNDLE" "$PREFIX.new"
rm -rf "$PREFIX"
mv "$PREFIX.new" "$PREFIX"
ln -sf "$PREFIX/returnstation" /usr/local/bin/returnstation
install -D -m 0644 "$HERE/../icons/returnstation.svg" "$ICONS/scalable/apps/returnstation.svg"
install -D -m 0644 "$HERE/../icons/returnstation.png" "$ICONS/256x256/apps/returnstation.png"
sed "s|^Exec=.*|Exec=$PREFIX/returnstation|" "$HERE/returnstation.desktop" > "$APPS/returnstation.desktop"
chmod 0644 "$APPS/returnstation.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$APPS" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$ICONS" || true
if [ "$UDEV" = 1 ]; then
  install -m 0644 "$HERE/99-returnstation-scanners.rules" "$RULES"
  udevadm control --reload && udevadm trigger || true
  echo "install: udev rules in $RULES; add clerks to the groups: usermod -aG dialout,video <user>"
fi
echo "install: installed to $PREFIX; running its self-test"
QT_QPA_PLATFORM=offscreen "$PREFIX/returnstation" --self-test
