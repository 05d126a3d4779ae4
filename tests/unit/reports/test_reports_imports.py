"""Importing the report modules must not pull in reportlab: the app and CLI start without paying for it."""

from __future__ import annotations

import subprocess
import sys


def test_report_modules_import_without_reportlab_or_yaml() -> None:
    code = (
        "import sys\n"
        "import returnstation.reports.summary, returnstation.reports.summary_csv\n"
        "import returnstation.reports.summary_pdf\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'reportlab', 'yaml', 'PySide6'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
