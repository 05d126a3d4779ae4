"""Refresh the service-message catalogues from the code: ``returnstation/i18n/messages/``.

Every ``msg("...")`` and ``msg_n("...", "...", n)`` call in ``returnstation/`` is a text a person reads;
its English template is its id. This writes ``messages.pot`` (every id) and merges it into each
``<lang>.po`` (translations kept; a reworded text is matched to its old translation and marked fuzzy,
which shows English until someone checks it; texts gone from the code are dropped). Usage::

    python scripts/extract_messages.py            refresh messages.pot and every <lang>.po
    python scripts/extract_messages.py fr         ... and start fr.po
    python scripts/extract_messages.py --check    exit 1 when a catalogue lags behind the code

Run by ``scripts/update_translations.sh`` with the Qt catalogues. Line numbers are left out of the
files on purpose: moving code does not change the catalogues (and does not conflict at merges).
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "returnstation"
OUT = PACKAGE / "i18n" / "messages"
FUNCTIONS = {"msg": 1, "msg_n": 2, "say": 1}  # name -> how many leading literal arguments are texts


@dataclass(frozen=True)
class Found:
    singular: str
    plural: str | None
    where: str  # "returnstation/x.py:12"


def extract(root: Path = PACKAGE) -> tuple[list[Found], list[str]]:
    """Every message in the code, and every call whose text is not a literal (an error)."""
    found: list[Found] = []
    errors: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(root.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name not in FUNCTIONS:
                continue
            need = FUNCTIONS[name]
            texts = [
                a.value for a in node.args[:need] if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if len(texts) != need:
                if rel not in ("returnstation/domain/messages.py", "returnstation/translation.py"):
                    errors.append(f"{rel}:{node.lineno}: {name}() needs a literal English text")
                continue
            found.append(Found(texts[0], texts[1] if need == 2 else None, f"{rel}:{node.lineno}"))
    return found, errors


def template(found: list[Found]) -> Catalog:
    cat = Catalog(project="ReturnStation", fuzzy=False, charset="utf-8")
    for f in found:
        msgid: str | tuple[str, str] = f.singular if f.plural is None else (f.singular, f.plural)
        path, line = f.where.rsplit(":", 1)
        cat.add(msgid, locations=[(path, int(line))], flags=("python-brace-format",))
    return cat


def _dump(cat: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(
        buf,
        cat,
        width=110,
        omit_header=False,
        sort_output=True,
        ignore_obsolete=True,
        include_previous=False,
        include_lineno=False,
    )
    return buf.getvalue()


def refreshed(lang: str, pot: Catalog) -> bytes:
    path = OUT / f"{lang}.po"
    if path.is_file():
        with path.open("rb") as f:
            cat = read_po(f, locale=lang)
    else:
        cat = Catalog(locale=lang, project="ReturnStation", fuzzy=False, charset="utf-8")
    cat.update(pot, update_header_comment=False)
    cat.revision_date = cat.creation_date = pot.creation_date = _FIXED_DATE
    return _dump(cat)


# A fixed date in the headers: the files change only when the texts do (and --check can compare bytes).
_FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("languages", nargs="*", help="new languages to start (e.g. fr)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a file is stale")
    args = parser.parse_args(argv)
    found, errors = extract()
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    pot = template(found)
    pot.creation_date = pot.revision_date = _FIXED_DATE
    outputs = {OUT / "messages.pot": _dump(pot)}
    languages = sorted({p.stem for p in OUT.glob("*.po")} | set(args.languages))
    for lang in languages:
        outputs[OUT / f"{lang}.po"] = refreshed(lang, pot)
    stale = [p for p, data in outputs.items() if not p.is_file() or p.read_bytes() != data]
    if args.check:
        for p in stale:
            print(f"extract_messages: {p.relative_to(ROOT)} is stale: run scripts/update_translations.sh")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for p, data in outputs.items():
        p.write_bytes(data)
        print(f"extract_messages: {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
