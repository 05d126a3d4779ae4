"""The first-run setup's checks without Qt: a real SQLite file, a real PDF folder, real wrong settings.

The dialog's wording of these answers is tested in tests/ui/test_ui_first_run.py.
"""

from __future__ import annotations

from pathlib import Path

from returnstation.services.setup_checks import (
    check_database,
    is_database_url,
    print_test_page,
    printer_setting_problem,
)

FIELDS = {"disposition": "Test", "location_name": "Test page b1", "location_code": "TEST-0001", "note": "n"}


def test_a_sqlite_address_connects_and_creates_its_folder(tmp_path: Path) -> None:
    db = tmp_path / "new" / "bench.db"
    check = check_database(f"  sqlite:///{db}  ")
    assert check.ok and not check.not_a_url and check.error == ""
    assert check.url == f"sqlite:///{db}"  # as tried: the blanks around it are not part of the address
    assert db.exists()


def test_text_that_is_no_address_is_not_tried(tmp_path: Path) -> None:
    check = check_database("warehouse-db:5432")
    assert not check.ok and check.not_a_url and check.url == "warehouse-db:5432"
    assert not is_database_url("warehouse-db:5432")
    assert is_database_url("postgresql+psycopg://clerk@db.local/returns")


def test_an_address_that_cannot_be_opened_gives_the_plain_error(tmp_path: Path) -> None:
    (tmp_path / "a-file.txt").write_text("not a folder", encoding="utf-8")
    check = check_database(f"sqlite:///{tmp_path / 'a-file.txt' / 'bench.db'}")
    assert not check.ok and not check.not_a_url
    assert check.error and "\n" not in check.error and "https://" not in check.error


def test_a_test_page_goes_to_the_pdf_folder(tmp_path: Path) -> None:
    check = print_test_page("pdf-folder", tmp_path / "labels", FIELDS)
    pdfs = list((tmp_path / "labels").glob("test-page-*.pdf"))
    assert check.ok and check.failed_printer == ""
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert pdfs[0].name in check.message


def test_a_wrong_printer_setting_is_named_before_and_instead_of_printing(tmp_path: Path) -> None:
    problem = printer_setting_problem("tcp://", tmp_path)
    assert problem is not None and "has no host" in problem
    assert printer_setting_problem("zpl-folder", tmp_path) is None
    check = print_test_page("tcp://", tmp_path, FIELDS)
    assert not check.ok and check.message == problem and check.failed_printer == ""


def test_a_printer_that_raises_is_an_answer_naming_the_printer(tmp_path: Path) -> None:
    check = print_test_page("zpl-folder", tmp_path, {"disposition": "Test"})  # fields missing: render raises
    assert not check.ok and check.failed_printer == "ZPL folder"
    assert "location_name" in check.message
    assert not list(tmp_path.glob("*.zpl"))
