"""A label that cannot be printed is a red message with a way to print it again, never silence."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt

from returnstation.services.results import Level
from returnstation.ui.main_window import MainWindow

from .conftest import Bench
from .test_ui_inspect import receive_demo_rma


@pytest.fixture
def printer_spec() -> str:
    """A network printer on a local port nobody listens on: the connection is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"


def test_failed_label_shows_red_and_print_again_retries(bench: Bench, window: MainWindow) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    page = window.inspect_page
    bench.scan("HP-BT200")
    assert page.form is not None
    for check in page.form.checklist.checks:
        bench.answer(check.answers[0].key)
    bench.press(Qt.Key.Key_Return)

    bench.qtbot.waitUntil(lambda: page.last_job is not None, timeout=30000)
    job = page.last_job
    assert job is not None and job.status == "failed" and job.attempts == 1
    assert bench.level() is Level.ERROR and "NOT printed" in bench.message and "PRINT-AGAIN" in bench.message
    assert page.result_panel.print_again_button.isVisible()

    page.last_job = None
    bench.scan("CMD:PRINT-AGAIN")
    bench.qtbot.waitUntil(lambda: page.last_job is not None, timeout=30000)
    assert page.last_job is not None and page.last_job.attempts == 2 and page.last_job.job_id == job.job_id

    page.last_job = None
    bench.click(page.result_panel.print_again_button)
    bench.qtbot.waitUntil(lambda: page.last_job is not None, timeout=30000)
    assert page.last_job is not None and page.last_job.attempts == 3
    assert bench.level() is Level.ERROR
