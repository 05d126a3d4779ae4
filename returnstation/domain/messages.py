"""Texts as data: what a service says and what a data file holds, translated only at the edge.

Why ``str`` subclasses: a service's answer is English wherever nobody translates it (logs, events, the
audit trail, tests written against the English words, another helper's new code that still builds
plain strings), and typed as ``str`` everywhere it already flows. The edge (window, command line, dock
mode, labels, reports) asks ``localize(text, translator)`` and gets the person's language; anything
that is not one of these classes passes through unchanged.

- ``LocalText``: a text from a data file (a checklist question, a rule's reason, a label caption) with
  the translations written beside it (``{en: ..., de: ..., pl: ...}``); a language it lacks is English.
- ``Message``: a text a service builds. Its id is the English template (gettext style: the catalogue
  files ``returnstation/i18n/messages/<lang>.po`` map it to the language); its parameters are filled in
  after translation and may themselves be texts (a reason label inside a sentence). Build it with
  ``msg("Template {name}", name=...)``, ``msg_n("one {n} item", "{n} items", n)`` for plurals and
  ``join`` to put texts together, never ``+`` (which would give up the translation).

Only literal templates are allowed in ``msg``/``msg_n`` calls: ``scripts/extract_messages.py`` reads
them from the code into the catalogues, and a test fails when a catalogue is missing one.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Protocol

SOURCE_LANGUAGE = "en"


class Translator(Protocol):
    """What a text needs to render itself in one language (``returnstation.translation`` has one)."""

    @property
    def language(self) -> str: ...

    def gettext(self, msgid: str) -> str | None: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str | None: ...

    def format_value(self, value: object, spec: str) -> str | None:
        """The value in the language's way (decimal comma, dates), or None for the plain format."""
        ...


def language_chain(language: str) -> tuple[str, ...]:
    """``de_AT`` -> ("de_AT", "de"): the most specific translation a text has wins."""
    name = language.strip().split(".")[0].split("@")[0].replace("-", "_")
    if not name:
        return ()
    code, *rest = name.split("_")
    return tuple("_".join([code.lower(), *rest[:n]]) for n in range(len(rest), -1, -1))


class Localizable(str):
    """A text that can say itself in another language; ``str()`` of it is the English."""

    __slots__ = ()

    def localize(self, tr: Translator | None) -> str:
        raise NotImplementedError

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


def message_of(exc: BaseException) -> str:
    """What an exception says for the person: its Message (translatable) when raised with one."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Localizable):
        return exc.args[0]
    return str(exc)


def localize(text: object, tr: Translator | None) -> str:
    """``text`` in ``tr``'s language; a plain string (or anything else) as it is."""
    if isinstance(text, Localizable):
        return text.localize(tr)
    return "" if text is None else str(text)


class LocalText(Localizable):
    """A data file's text with its translations; ``origin`` ("file:line") says where it was read."""

    translations: Mapping[str, str]
    origin: str

    def __new__(
        cls, english: str, translations: Mapping[str, str] | None = None, origin: str = ""
    ) -> LocalText:
        self = super().__new__(cls, english)
        object.__setattr__(self, "translations", MappingProxyType(dict(translations or {})))
        object.__setattr__(self, "origin", origin)
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle keep the translations
        return (LocalText, (str(self), dict(self.translations), self.origin))

    def localize(self, tr: Translator | None) -> str:
        if tr is not None:
            for lang in language_chain(tr.language):
                if lang in self.translations:
                    return self.translations[lang]
        return str(self)

    def missing(self, languages: Iterable[str]) -> list[str]:
        """The languages (of ``languages``) this text has no translation for."""
        return [
            lang
            for lang in languages
            if lang != SOURCE_LANGUAGE and not any(c in self.translations for c in language_chain(lang))
        ]


class _Fill(string.Formatter):
    """Fills a template: texts in the language, values formatted by the translator (or as Python does)."""

    def __init__(self, tr: Translator | None) -> None:
        self.tr = tr

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Localizable):
            return format(value.localize(self.tr), format_spec)
        if self.tr is not None:
            done = self.tr.format_value(value, format_spec)
            if done is not None:
                return done
        return format(value, format_spec)


class Message(Localizable):
    """A service's text: an English template (its id) and its parameters; ``str()`` is the English."""

    id: str
    plural: str | None
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object], plural: str | None = None) -> Message:
        frozen = MappingProxyType(dict(params))
        english = _render(template, plural, frozen, None, None)
        self = super().__new__(cls, english)
        object.__setattr__(self, "id", template)
        object.__setattr__(self, "plural", plural)
        object.__setattr__(self, "params", frozen)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.id, dict(self.params), self.plural))

    def localize(self, tr: Translator | None) -> str:
        if tr is None:
            return str(self)
        if self.plural is None:
            translated = tr.gettext(self.id)
        else:
            translated = tr.ngettext(self.id, self.plural, _count(self.params))
        return _render(self.id, self.plural, self.params, translated, tr)


def _count(params: Mapping[str, object]) -> int:
    n = params.get("n", 0)
    return n if isinstance(n, int) else 0


def _render(
    template: str,
    plural: str | None,
    params: Mapping[str, object],
    translated: str | None,
    tr: Translator | None,
) -> str:
    if translated is None:
        translated = template if plural is None or _count(params) == 1 else plural
    try:
        return _Fill(tr).vformat(translated, (), dict(params))
    except (KeyError, IndexError, ValueError):  # a broken translation: the English, never a crash
        return _Fill(None).vformat(
            template if plural is None or _count(params) == 1 else plural, (), dict(params)
        )


def msg(template: str, /, **params: object) -> Message:
    """A text for the person at the bench; ``template`` is English with ``{name}`` placeholders."""
    return Message(template, params)


def msg_n(singular: str, plural: str, n: int, /, **params: object) -> Message:
    """A text that depends on a count ``n`` (``{n}`` in the template), with the language's plural forms."""
    return Message(singular, {"n": n, **params}, plural)


class Joined(Localizable):
    """Texts put one after the other (with ``sep`` between), each translated on its own."""

    parts: tuple[object, ...]
    sep: object

    def __new__(cls, parts: Iterable[object], sep: object = "") -> Joined:
        kept = tuple(p for p in parts if p is not None and str(p) != "")
        self = super().__new__(cls, str(sep).join(str(p) for p in kept))
        object.__setattr__(self, "parts", kept)
        object.__setattr__(self, "sep", sep)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.parts, self.sep))

    def localize(self, tr: Translator | None) -> str:
        return localize(self.sep, tr).join(localize(p, tr) for p in self.parts)


def join(parts: Iterable[object], sep: object = "") -> Joined:
    """``sep.join(parts)`` that keeps each part translatable (empty parts are left out)."""
    return Joined(parts, sep)
