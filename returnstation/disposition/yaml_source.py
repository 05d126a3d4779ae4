"""Reading a YAML file as a node tree so that every mistake can be reported with its line number.

``yaml.safe_load`` throws the positions away and silently keeps the last of two duplicate keys, so the
loaders here work on ``yaml.compose`` nodes instead and convert values one field at a time. Text fields
take the scalar exactly as written in the file: ``no``, ``on`` or ``007`` stay text instead of turning into
``False`` or ``7`` (the classic YAML surprise), so nobody has to remember which words need quotes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from returnstation.disposition.errors import ConfigError
from returnstation.domain.messages import SOURCE_LANGUAGE, LocalText

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
STR_TAG = "tag:yaml.org,2002:str"

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")  # en, de, pl, pt_BR

# The shipped rules are 8 KB and the largest checklist 3 KB. A file a hundred times that is not written
# by hand; checked before reading, so a 12 MB file is refused at once instead of parsed for minutes.
MAX_FILE_BYTES = 1024 * 1024

# libyaml's parser is several times faster and keeps the same line marks; fall back when it is missing.
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Entry:
    """One ``key: value`` pair of a mapping, with both nodes kept for their line numbers."""

    key: str
    key_node: ScalarNode
    value: Node


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def describe(node: Node) -> str:
    """Names what the file holds, in the words a person editing YAML would use."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing"
    return repr(str(node.value))


class SourceFile:
    """One file being validated: collects problems as "path:line: message" and raises them together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.raw: bytes = b""

    # -- reporting -----------------------------------------------------------------------------------

    def problem(self, where: Node | int, message: str) -> None:
        line = where if isinstance(where, int) else line_of(where)
        self.problems.append(f"{self.path}:{line}: {message}")

    def raise_if_problems(self) -> None:
        if self.problems:
            raise ConfigError(self.problems)

    # -- reading ---------------------------------------------------------------------------------------

    def compose(self) -> Node | None:
        """The file's node tree, or None (with a problem recorded) when it cannot be read or parsed."""
        try:
            size = self.path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.problem(
                    1,
                    f"the file is too large ({size / 1e6:.1f} MB); the limit is "
                    f"{MAX_FILE_BYTES / 1e6:.1f} MB: is this the right file?",
                )
                return None
            self.raw = self.path.read_bytes()
        except OSError as exc:
            self.problems.append(f"{self.path}:1: cannot read the file: {exc.strerror or exc}")
            return None
        try:
            text = self.raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = self.raw[: exc.start].count(b"\n") + 1
            self.problem(line, "the file is not UTF-8 text; save it as UTF-8")
            return None
        try:
            node = yaml.compose(text, Loader=_LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = int(mark.line) + 1 if mark is not None else 1
            self.problem(line, f"not valid YAML: {exc.problem or exc.context}")
            return None
        except yaml.YAMLError as exc:
            self.problem(1, f"not valid YAML: {exc}")
            return None
        if node is None:
            self.problem(1, "the file is empty")
        return node

    # -- shapes ----------------------------------------------------------------------------------------

    def mapping(self, node: Node, what: str) -> dict[str, Entry] | None:
        """The entries of a mapping in file order; duplicate and non-text keys are problems."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what}: expected a mapping (key: value lines), found {describe(node)}")
            return None
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == NULL_TAG:
                self.problem(key_node, f"{what}: every key must be a plain word")
                continue
            key = str(key_node.value)
            if key in entries:
                first = line_of(entries[key].key_node)
                self.problem(key_node, f"{what}: '{key}' appears twice (first on line {first})")
                continue
            entries[key] = Entry(key, key_node, value_node)
        return entries

    def check_keys(
        self,
        node: Node,
        entries: Mapping[str, Entry],
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> bool:
        """True when every required key is present and no unknown key is; each miss is a problem."""
        required = tuple(required)
        allowed = {*required, *optional}
        ok = True
        for entry in entries.values():
            if entry.key not in allowed:
                known = ", ".join(sorted(allowed))
                self.problem(entry.key_node, f"{what}: unknown key '{entry.key}' (allowed: {known})")
                ok = False
        for key in required:
            if key not in entries:
                self.problem(node, f"{what}: '{key}' is missing")
                ok = False
        return ok

    def sequence(self, node: Node, what: str, *, non_empty: bool = True) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what}: expected a list, found {describe(node)}")
            return None
        if non_empty and not node.value:
            self.problem(node, f"{what}: the list is empty")
            return None
        return list(node.value)

    # -- scalars ---------------------------------------------------------------------------------------

    def text(self, node: Node, what: str, *, max_len: int | None = None) -> str | None:
        """Any scalar taken as written (``no`` stays "no"); null, lists and mappings are problems."""
        if not isinstance(node, ScalarNode) or node.tag == NULL_TAG:
            self.problem(node, f"{what}: expected text, found {describe(node)}")
            return None
        value = str(node.value).strip()
        if not value:
            self.problem(node, f"{what}: must not be empty")
            return None
        if max_len is not None and len(value) > max_len:
            self.problem(node, f"{what}: {len(value)} characters, at most {max_len} fit")
            return None
        return value

    def local_text(self, node: Node, what: str, *, max_len: int | None = None) -> LocalText | None:
        """A text people read: plain English, or ``{en: ..., de: ..., pl: ...}`` with its translations.

        ``en`` is required in the mapping (the text the rules, logs and reports keep); any language left
        out is shown in English, and ``rules-check`` lists what is missing per language."""
        origin = f"{self.path}:{line_of(node)}"
        if not isinstance(node, MappingNode):
            english = self.text(node, what, max_len=max_len)
            return None if english is None else LocalText(english, {}, origin)
        entries = self.mapping(node, what)
        if entries is None:
            return None
        translations: dict[str, str] = {}
        for lang, entry in entries.items():
            if not LANGUAGE.match(lang):
                self.problem(
                    entry.key_node, f"{what}: '{lang}' is not a language code (en, de, pl, pt_BR)"
                )
                continue
            value = self.text(entry.value, f"{what} ({lang})", max_len=max_len)
            if value is not None:
                translations[lang] = value
        if SOURCE_LANGUAGE not in entries:
            self.problem(node, f"{what}: the English text ('{SOURCE_LANGUAGE}: ...') is missing")
            return None
        english = translations.pop(SOURCE_LANGUAGE, None)
        return None if english is None else LocalText(english, translations, origin)

    def identifier(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not IDENTIFIER.match(value):
            self.problem(
                node, f"{what}: '{value}' must be lower-case letters, digits and '_', starting with a letter"
            )
            return None
        return value


    def code_labels(self, node: Node, what: str, *, max_len: int) -> dict[str, str]:
        """A ``reasons:`` table, code -> label in file order: the one reading of every reasons file
        (return, override and concern reasons), so all three refuse the same mistakes the same way."""
        codes = self.mapping(node, "reasons")
        if codes is not None and not codes:
            self.problem(node, f"reasons: no {what}s are listed")
        labels: dict[str, str] = {}
        for code, entry in (codes or {}).items():
            valid = self.identifier(entry.key_node, f"{what} code")
            label = self.local_text(entry.value, f"{what} '{code}': label", max_len=max_len)
            if valid is not None and label is not None:
                labels[valid] = label
        return labels

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
            return bool(construct(node))
        self.problem(node, f"{what}: expected true or false, found {describe(node)}{_quote_hint(node)}")
        return None

    def number(self, node: Node, what: str) -> Decimal | None:
        """Integers and decimals as exact ``Decimal`` (money must not go through binary floats)."""
        if isinstance(node, ScalarNode) and node.tag in (INT_TAG, FLOAT_TAG):
            value = construct(node)
            if isinstance(value, float) and not math.isfinite(value):
                self.problem(node, f"{what}: expected a finite number, found {describe(node)}")
                return None
            if isinstance(value, int | float) and not isinstance(value, bool):
                return Decimal(str(value))
        self.problem(node, f"{what}: expected a number, found {describe(node)}{_quote_hint(node)}")
        return None

    def is_null(self, node: Node) -> bool:
        return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def _quote_hint(node: Node) -> str:
    """Quoted "true" or "50" is text in YAML; say so, since the value looks right to the person."""
    if isinstance(node, ScalarNode) and node.style in ("'", '"'):
        return " (remove the quotes)"
    return ""


def construct(node: ScalarNode) -> object:
    """The Python value PyYAML's safe loader would give this scalar."""
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except ConstructorError:
        return node.value
