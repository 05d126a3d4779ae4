"""PyInstaller run-time hook: let pyzbar find the libzbar that ships inside the bundle (Linux, macOS).

pyzbar calls ``ctypes.util.find_library("zbar")``, which only searches the system (ldconfig cache), so
a bench PC without the libzbar0 package could not use the copy bundled next to the other libraries.
This hook runs before any application import and answers "zbar" with the bundled file when present,
falling back to the normal search otherwise. On Windows pyzbar loads its DLLs from its own folder,
which the spec fills, so nothing is needed there.
"""

from __future__ import annotations

import ctypes.util
import os
import sys

_bundle = getattr(sys, "_MEIPASS", "")
_system_find_library = ctypes.util.find_library
_BUNDLED = {"zbar": ("libzbar.so.0", "libzbar.0.dylib")}


def _find_library(name: str) -> str | None:
    for filename in _BUNDLED.get(name, ()):
        candidate = os.path.join(_bundle, filename)
        if _bundle and os.path.isfile(candidate):
            return candidate
    return _system_find_library(name)


if sys.platform != "win32":
    ctypes.util.find_library = _find_library
