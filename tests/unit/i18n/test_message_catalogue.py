"""The message catalogues follow the code: every msg()/msg_n() text is in messages.pot and each <lang>.po."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
HINT = "run scripts/update_translations.sh and commit returnstation/i18n/messages/"


def _extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extract_messages", ROOT / "scripts" / "extract_messages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_messages"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_in_the_code_is_in_every_catalogue() -> None:
    extract = _extractor()
    found, errors = extract.extract()
    assert errors == [], "msg() takes a literal English text (the extraction reads it from the code)"
    in_code = {f.singular for f in found}
    assert "Restock" in in_code  # the extraction sees the code's messages at all
    for path in [extract.OUT / "messages.pot", *sorted(extract.OUT.glob("*.po"))]:
        with path.open("rb") as f:
            ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
        assert not in_code - ids, f"{path.name} lacks {sorted(in_code - ids)[:5]}: {HINT}"
        assert not ids - in_code, f"{path.name} has texts the code no longer uses: {HINT}"
    assert extract.main(["--check"]) == 0, HINT


def test_a_non_literal_text_is_refused(tmp_path: Path) -> None:
    extract = _extractor()
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(
        "from returnstation.domain.messages import msg, msg_n\n"
        'a = msg("Box {n} opened.", n=1)\nb = msg(TEXT)\nc = msg_n("{n} item", "{n} items", 2)\n',
        encoding="utf-8",
    )
    found, errors = extract.extract(tmp_path / "pkg")
    assert [f.singular for f in found] == ["Box {n} opened.", "{n} item"]
    assert found[1].plural == "{n} items"
    assert errors == ["pkg/m.py:3: msg() needs a literal English text"]
