"""The edge's translator: message catalogues per language, and numbers and dates in the language's way.

Services and data files hand out ``Message``/``LocalText`` (``domain/messages.py``); whoever shows them
to a person (window, command line, dock mode, labels, reports) calls ``localize(text, translator(lang))``.

Catalogues are gettext ``.po`` files, ``returnstation/i18n/messages/<lang>.po`` (the English template is
the id; ``messages.pot`` lists every id in the code), read with Babel at first use and kept: switching
``language`` takes effect for the next text rendered, nothing in the database changes. A fuzzy or empty
entry counts as untranslated and shows the English. ``scripts/update_translations.sh`` refreshes them.

English is never reformatted (``format_value`` returns None): the English texts, the tests written
against them and the screenshots stay exactly as the code writes them.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path, PurePath

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from returnstation.domain.messages import (
    SOURCE_LANGUAGE,
    Localizable,
    LocalText,
    Message,
    language_chain,
    localize,
)

__all__ = [
    "MESSAGES_DIR",
    "Catalogue",
    "collect_texts",
    "localize",
    "missing_translations",
    "shipped_languages",
    "translator",
]

MESSAGES_DIR = Path(__file__).resolve().parent / "i18n" / "messages"

_FIXED = re.compile(r"^(?P<group>,?)(?:\.(?P<places>\d+))?(?P<kind>[f%]?)$")


def shipped_languages(messages_dir: Path | None = None) -> tuple[str, ...]:
    """The languages the station ships a catalogue for (besides English), e.g. ("de", "pl")."""
    folder = messages_dir or MESSAGES_DIR
    return tuple(sorted(p.stem for p in folder.glob("*.po")))


class Catalogue:
    """One language's translations of service messages (a ``Translator`` for ``Message.localize``)."""

    def __init__(
        self,
        language: str,
        messages: Mapping[str, str | tuple[str, ...]] | None = None,
        plural: Callable[[int], int] | None = None,
    ) -> None:
        self._language = language
        self._messages = dict(messages or {})
        self._plural = plural or (lambda n: int(n != 1))
        self._locale = _babel_locale(language)
        self._english = not language or language_chain(language)[-1:] == (SOURCE_LANGUAGE,)

    @property
    def language(self) -> str:
        return self._language

    @classmethod
    def load(cls, language: str, messages_dir: Path | None = None) -> Catalogue:
        """The most specific catalogue there is for ``language`` (de_AT -> de.po); none is English."""
        folder = messages_dir or MESSAGES_DIR
        for lang in language_chain(language):
            path = folder / f"{lang}.po"
            if path.is_file():
                with path.open("rb") as f:
                    po = read_po(f, locale=lang)
                messages: dict[str, str | tuple[str, ...]] = {}
                for m in po:
                    if not m.id or m.fuzzy:
                        continue
                    key = m.id[0] if isinstance(m.id, tuple | list) else m.id
                    value = tuple(m.string) if isinstance(m.string, tuple | list) else m.string
                    if value and all(value if isinstance(value, tuple) else (value,)):
                        messages[str(key)] = value
                plural = gettext.c2py(po.plural_expr) if po.plural_expr else None
                return cls(language, messages, plural)
        return cls(language)

    def gettext(self, msgid: str) -> str | None:
        found = self._messages.get(msgid)
        return found if isinstance(found, str) else None

    def ngettext(self, singular: str, plural: str, n: int) -> str | None:
        found = self._messages.get(singular)
        if not isinstance(found, tuple):
            return None
        index = self._plural(n)
        return found[index] if 0 <= index < len(found) else found[-1]

    def has(self, msgid: str) -> bool:
        return msgid in self._messages

    def format_value(self, value: object, spec: str) -> str | None:
        """Numbers with the language's decimal sign, dates in its order; None: as Python formats it."""
        if self._english or self._locale is None or isinstance(value, bool):
            return None
        if isinstance(value, datetime | date | time):
            return self._format_when(value, spec)
        if isinstance(value, int) and not spec:
            return None  # RMA numbers, ids and counts: never grouped
        if isinstance(value, int | float | Decimal):
            return self.number(value, spec)
        return None

    def number(self, value: int | float | Decimal, spec: str = "") -> str | None:
        """``value`` as Python's ``format(value, spec)`` would, in the language (``,`` ``.2f`` ``.1%``)."""
        if self._locale is None:
            return None
        fixed = _FIXED.match(spec)
        if fixed is None:
            return None
        places = fixed["places"]
        pattern = ("#,##0" if fixed["group"] else "0") + (
            "." + "0" * int(places) if places and int(places) else ""
        )
        if fixed["kind"] == "%":
            return str(format_percent(value, pattern + "%", locale=self._locale))
        if not places and not fixed["kind"] and not isinstance(value, int):
            return str(format_decimal(value, locale=self._locale, group_separator=bool(fixed["group"])))
        return str(format_decimal(value, pattern, locale=self._locale))

    def fmt(self, value: int | float | Decimal, spec: str) -> str:
        """``format(value, spec)`` in this language (exactly Python's in English)."""
        if self._english:
            return format(value, spec)
        done = self.number(value, spec)
        return format(value, spec) if done is None else done

    def _format_when(self, value: datetime | date | time, spec: str) -> str | None:
        """Day.month.year with four digits (the CLDR "yMMdd" form) and 24-hour time, as benches read them."""
        has_date = not spec or any(c in spec for c in ("%Y", "%d", "%m", "%x", "%c"))
        has_time = any(c in spec for c in ("%H", "%M", "%X", "%c")) or (
            not spec and isinstance(value, datetime)
        )
        parts = []
        if has_date and not isinstance(value, time):
            parts.append(str(format_skeleton("yMMdd", value, locale=self._locale)))
        if has_time and not (isinstance(value, date) and not isinstance(value, datetime)):
            parts.append(str(format_time(value, "short", locale=self._locale)))
        return " ".join(parts) if parts else None


def _babel_locale(language: str) -> Locale | None:
    for lang in language_chain(language):
        try:
            return Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            continue
    return None


_speaking: ContextVar[str] = ContextVar("returnstation_language", default="")


@contextmanager
def speaking(language: str) -> Iterator[Catalogue]:
    """Within it, ``say`` and ``current`` use ``language``: an edge writing a whole document (a report)
    sets its language once instead of handing it to every function that writes a heading."""
    token = _speaking.set(language)
    try:
        yield translator(language)
    finally:
        _speaking.reset(token)


def current() -> Catalogue:
    """The catalogue of the language ``speaking`` set (English outside it)."""
    return translator(_speaking.get())


def say(template: str, /, **params: object) -> str:
    """A text the edge writes itself (a report heading), in the current language; ``template`` is
    English and goes into the catalogues like a ``msg`` text."""
    return localize(Message(template, params), current())


@cache
def translator(language: str) -> Catalogue:
    """The catalogue for ``language``, read once per process (``translator.cache_clear()`` re-reads)."""
    return Catalogue.load(language)


def collect_texts(obj: object) -> Iterator[LocalText]:
    """Every data-file text inside ``obj`` (dataclasses, mappings, sequences), each once."""
    seen: set[int] = set()

    def walk(o: object) -> Iterator[LocalText]:
        if isinstance(o, LocalText):
            if id(o) not in seen:
                seen.add(id(o))
                yield o
            return
        if isinstance(o, str | bytes | int | float | Decimal | date | time) or o is None:
            return
        if id(o) in seen:
            return
        seen.add(id(o))
        if is_dataclass(o) and not isinstance(o, type):
            for f in fields(o):
                yield from walk(getattr(o, f.name))
        elif isinstance(o, Mapping):
            for k, v in o.items():
                yield from walk(k)
                yield from walk(v)
        elif isinstance(o, list | tuple | set | frozenset):
            for v in o:
                yield from walk(v)
        elif hasattr(o, "__dict__") and not isinstance(o, type | PurePath):  # a plain class (RuleSet)
            for v in vars(o).values():
                yield from walk(v)

    yield from walk(obj)


def missing_translations(obj: object, languages: Iterable[str]) -> dict[str, list[LocalText]]:
    """For each language, the data-file texts in ``obj`` that have no translation into it."""
    langs = [lang for lang in languages if lang != SOURCE_LANGUAGE]
    missing: dict[str, list[LocalText]] = {lang: [] for lang in langs}
    for text in collect_texts(obj):
        for lang in text.missing(langs):
            missing[lang].append(text)
    return missing


def is_text(value: object) -> bool:
    return isinstance(value, Localizable)
