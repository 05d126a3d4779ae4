"""Inspection through the real window: pick or scan an item, answer with number keys, confirm, label."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from returnstation.bootstrap import Station
from returnstation.domain.enums import Disposition
from returnstation.domain.item_code import item_code
from returnstation.services.results import Level
from returnstation.store.models import InspectionRow
from returnstation.store.uow import UnitOfWork
from returnstation.ui.inspect_page import PAGE_FORM, PAGE_PROMPT, PAGE_RESULT
from returnstation.ui.main_window import MainWindow

from .conftest import Bench, gtin


def receive_demo_rma(bench: Bench) -> None:
    """RMA-100001 complete: headphones (by GTIN) and two USB-C cables (by SKU)."""
    bench.scan("RMA-100001")
    bench.scan(gtin("406123400012"))
    bench.scan("CBL-USBC-1M")
    bench.scan("CBL-USBC-1M")
    bench.scan("CMD:DONE")
    assert bench.level() is Level.SUCCESS, bench.message


def recorded(station: Station, item_id: int) -> dict[str, object]:
    """What the database holds for the item's inspection, read independently of the window."""
    with UnitOfWork(station.session_factory) as uow:
        row = uow.session.scalar(select(InspectionRow).where(InspectionRow.item_id == item_id))
        assert row is not None
        return {"disposition": row.disposition, "destination": row.destination, "answers": dict(row.answers)}


def decode_pdf_barcodes(path: Path) -> list[str]:
    import pypdfium2 as pdfium
    import zxingcpp

    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[0].render(scale=300 / 72).to_pil()
    finally:
        pdf.close()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_scan_answer_confirm_shows_the_disposition_and_prints_a_decodable_label(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    page = window.inspect_page
    assert [p.sku for p in page.pending_model.rows()] == ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"]
    assert page.queue_title.text().endswith("3")

    bench.scan("HP-BT200")
    form = page.form
    assert form is not None and form.item.sku == "HP-BT200"
    assert page.stack.currentIndex() == PAGE_FORM
    checks = form.checklist.checks
    assert len(checks) >= 2

    bench.answer(checks[0].answers[0].key)
    assert page.current == 1
    assert page.preview is None and not page.confirm_button.isEnabled()
    bench.press(Qt.Key.Key_Return)  # too early: says what is missing, decides nothing
    assert bench.level() is Level.WARNING and checks[1].name in bench.message
    for check in checks[1:]:
        bench.answer(check.answers[0].key)
    assert page.answers == {c.id: c.answers[0].value for c in checks}
    preview = page.preview
    assert preview is not None and page.confirm_button.isEnabled()
    assert preview.decision.destination in page.decision_label.text()
    # both grades: the product's and, apart from it, the packaging's
    assert page.grade_label.text() == f"Grade {preview.grade.grade}  ·  packaging sealed"
    assert preview.deduction.summary() in page.because_label.text()
    assert f"Channel: {preview.channel_label}" in page.decision_reason.text()

    bench.press(Qt.Key.Key_Return)

    decided = page.decided
    assert decided is not None and page.stack.currentIndex() == PAGE_RESULT
    row = recorded(ui_station, decided.item.item_id)
    panel = page.result_panel
    assert panel.word_label.text() == Disposition(str(row["disposition"])).label.upper()
    assert panel.destination_label.text().endswith(str(row["destination"]))
    both = f"Grade {decided.grade.grade}  ·  packaging sealed  ·  channel "
    assert panel.grade_label.text().startswith(both)
    assert row["answers"] == page_answers(checks)
    assert bench.level() is Level.SUCCESS and str(row["destination"]) in bench.message
    assert len(page.pending_model.rows()) == 2  # the queue moved on

    bench.qtbot.waitUntil(lambda: page.last_job is not None, timeout=30000)
    job = page.last_job
    assert job is not None and job.status == "printed", job
    assert bench.message == f"Label printed: {job.output}"
    assert "Label printed" in panel.label_status.text()
    assert not panel.print_again_button.isVisible()
    assert item_code(decided.item.item_id) in decode_pdf_barcodes(Path(job.output))


def page_answers(checks: tuple[object, ...]) -> dict[str, str]:
    return {c.id: c.answers[0].value for c in checks}  # type: ignore[attr-defined]


def test_item_code_scan_list_pick_backspace_and_wrong_keys(bench: Bench, window: MainWindow) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    page = window.inspect_page
    waiting = page.pending_model.rows()

    bench.scan(waiting[2].item_code.lower())  # the station's own code, in whatever case
    assert page.form is not None and page.form.item.item_id == waiting[2].item_id

    view = page.pending_view
    rect = view.visualRect(page.pending_model.index(1, 0))
    bench.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[no-untyped-call]
    bench.settle()
    assert page.form is not None and page.form.item.item_id == waiting[1].item_id
    assert window.scan_field.hasFocus()

    checks = page.form.checklist.checks
    bench.answer(checks[0].answers[-1].key)
    assert page.current == 1
    bench.press(Qt.Key.Key_Backspace)
    assert page.current == 0
    assert page.answers == {checks[0].id: checks[0].answers[-1].value}  # going back keeps the answer
    bench.answer(checks[0].answers[0].key)  # ...until it is replaced
    assert page.answers == {checks[0].id: checks[0].answers[0].value}

    unused = next(k for k in "987654321" if checks[1].answer_for_key(k) is None)
    bench.answer(unused)
    assert bench.level() is Level.WARNING and checks[1].name in bench.message
    assert page.current == 1

    bench.scan("CMD:ANSWER:" + checks[1].answers[0].key)  # a command card does the same as the key
    assert page.answers[checks[1].id] == checks[1].answers[0].value

    bench.press(Qt.Key.Key_Escape)
    assert page.form is None and page.stack.currentIndex() == PAGE_PROMPT
    assert len(page.pending_model.rows()) == 3  # cancelling saves nothing


def test_a_scanned_gtin_is_never_taken_for_answer_keys(bench: Bench, window: MainWindow) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    page = window.inspect_page
    bench.scan("CBL-USBC-1M")
    first = page.form
    assert first is not None
    bench.scan(gtin("406123400012"))  # digits in a burst: a scan of the headphones, not answers
    assert page.form is not None and page.form.item.sku == "HP-BT200"
    assert page.answers == {}


def test_unknown_and_unreceived_codes_are_explained(bench: Bench, window: MainWindow) -> None:
    bench.switch_to(1)
    bench.scan("HP-BT200")  # on an RMA, but its parcel was never received
    assert bench.level() is Level.WARNING and "Receive" in bench.message
    bench.scan("!!")
    assert bench.level() is Level.ERROR
    assert window.inspect_page.form is None
