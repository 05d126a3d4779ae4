"""Every shipped language is complete: window (Qt .ts), service messages (.po) and data files.

Run alone with ``pytest -m translations`` (or this file). It fails, naming what is missing, as long as
one text of a shipped language (de, pl) is untranslated; a language ships when the station has its
catalogues. ``rules-check`` lists the data-file texts still missing, Qt Linguist the window's.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from returnstation.disposition.concern_reasons import load_concern_reasons
from returnstation.disposition.outcomes import load_outcomes
from returnstation.disposition.validate import load_disposition
from returnstation.printing.templates import list_label_templates, load_label_template
from returnstation.translation import MESSAGES_DIR, missing_translations

pytestmark = pytest.mark.translations

SHIPPED = ("de", "pl")
I18N = MESSAGES_DIR.parent


def _ts_missing(path: Path) -> list[str]:
    missing = []
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        texts = [] if translation is None else [translation.text or "", *(n.text or "" for n in translation)]
        done = translation is not None and translation.get("type") not in (
            "unfinished",
            "vanished",
            "obsolete",
        )
        if not done or not any(t.strip() for t in texts):
            missing.append(message.findtext("source") or "")
    return missing


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_window_is_translated(lang: str) -> None:
    path = I18N / f"returnstation_{lang}.ts"
    assert path.is_file(), f"no {path.name}: scripts/update_translations.sh {lang}"
    missing = _ts_missing(path)
    assert not missing, f"{len(missing)} window texts not translated into {lang}, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_service_messages_are_translated(lang: str) -> None:
    path = MESSAGES_DIR / f"{lang}.po"
    assert path.is_file(), f"no {path.name}: scripts/update_translations.sh {lang}"
    with path.open("rb") as f:
        catalogue = read_po(f, locale=lang)
    missing = []
    for m in catalogue:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        if m.fuzzy or not strings or not all(s.strip() for s in strings):
            missing.append(m.id if isinstance(m.id, str) else m.id[0])
    assert not missing, f"{len(missing)} messages not translated into {lang} (or fuzzy), e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_data_files_are_translated(lang: str) -> None:
    # the disposition config holds the channels and the deductions; outcomes hold the fault tests
    loaded: list[object] = [load_disposition(), load_concern_reasons(), load_outcomes()]
    loaded += [load_label_template(name) for name in list_label_templates()]
    missing = missing_translations(loaded, [lang])[lang]
    assert not missing, (
        f"{len(missing)} data-file texts not translated into {lang} (returnstation rules-check lists them), "
        f"e.g. {[f'{t.origin}: {t}' for t in missing[:5]]}"
    )
