"""Frozen entry point: the same `main()` as the `returnstation` console script, nothing more.

PyInstaller needs a script file; keeping it this thin means the bundle behaves exactly like the
installed command (GUI by default, subcommands, --self-test).
"""

from __future__ import annotations

from returnstation.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
