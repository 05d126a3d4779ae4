"""Resale channels: where a dispositioned item is sold or sent, and how much of its value comes back.

Why data: which channels a site sells through (A-stock, open box, outlet, a parts harvester, a food
bank) and what each really returns changes with contracts and seasons; a supervisor edits
``returnstation/data/channels.yaml`` and the report's "recovered value" follows. Why by grade x
packaging x category: an as-new product re-boxed as open box recovers far more than a worn one, and
electronics lose value faster than furniture; one rate per disposition hid exactly that.

Each disposition has one *default* channel (``default_for``): a rule that names no channel, and every
decision recorded before channels existed, counts through it. A rule's ``channel`` must be one of the
channels that accept its disposition (``dispositions``), so "scrap via open box" fails on load.

File format::

    channels:
      - id: open_box                      # lower-case word; rules name it as channel: open_box
        label: Open box                   # shown on screen, on the item label and in reports; or
                                          # {en: Open box, de: ..., pl: ...} with its translations
        dispositions: [refurbish, restock]  # the dispositions that may use this channel
        default_for: []                   # optional: dispositions that use it when a rule names none
        recovery:                         # share of the unit value expected back, first match wins
          - {when: {grade: A, packaging: [sealed, opened_intact]}, rate: 0.85}
          - {when: {category: electronics}, rate: 0.7}
          - {rate: 0.6}                   # the last line has no 'when': it catches the rest

``when`` tests ``grade``, ``packaging`` and ``category``, each a value or a list of values; ``rate`` is
a number from 0 to 1 (0.85 means 85 %). Given the checklists, grades and packaging conditions are
checked against them, so a misspelt ``packaging: damagd`` fails here instead of never matching.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from yaml.nodes import MappingNode, Node, SequenceNode

from returnstation.disposition.checklist import ChecklistSet
from returnstation.disposition.disposition_words import DISPOSITIONS, read_disposition
from returnstation.disposition.yaml_source import SourceFile
from returnstation.domain.enums import Disposition

_MATCH_KEYS = ("grade", "packaging", "category")


@dataclass(frozen=True, slots=True)
class RecoveryLine:
    """One line of a channel's recovery table: the rate when every given part matches (None: any)."""

    rate: Decimal
    grades: frozenset[str] | None = None
    packagings: frozenset[str] | None = None
    categories: frozenset[str] | None = None

    def matches(self, grade: str, packaging: str | None, category: str) -> bool:
        return (
            (self.grades is None or grade.casefold() in self.grades)
            and (self.packagings is None or (packaging or "").casefold() in self.packagings)
            and (self.categories is None or category.strip().casefold() in self.categories)
        )


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    label: str
    dispositions: frozenset[Disposition]
    recovery: tuple[RecoveryLine, ...]  # the last line matches everything

    def rate(self, grade: str, packaging: str | None, category: str) -> Decimal:
        """The expected share of the unit value for an item of this grade, packaging and category."""
        for line in self.recovery:
            if line.matches(grade, packaging, category):
                return line.rate
        raise AssertionError("unreachable: the loader requires a last line without 'when'")


class ChannelSet:
    """The site's channels, with the default channel of every disposition."""

    def __init__(self, channels: Mapping[str, Channel], defaults: Mapping[Disposition, str]) -> None:
        missing = [d.value for d in Disposition if d not in defaults]
        if missing:
            raise ValueError(f"no default channel for {', '.join(missing)}")
        self._channels = dict(channels)
        self._defaults = dict(defaults)

    def __iter__(self) -> Iterator[Channel]:
        return iter(self._channels.values())

    def __contains__(self, channel_id: object) -> bool:
        return channel_id in self._channels

    def get(self, channel_id: str) -> Channel | None:
        return self._channels.get(channel_id)

    def default_for(self, disposition: Disposition) -> Channel:
        return self._channels[self._defaults[disposition]]

    def resolve(self, channel_id: str | None, disposition: str) -> Channel:
        """The channel an item went to: the one recorded, else the default of its disposition (decisions
        from before channels, or a channel removed from the file since)."""
        channel = self._channels.get(channel_id or "")
        if channel is not None:
            return channel
        return self.default_for(DISPOSITIONS.get(disposition, Disposition.QUARANTINE))

    def label(self, channel_id: str) -> str:
        channel = self._channels.get(channel_id)
        return channel.label if channel is not None else channel_id


def default_channels_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "channels.yaml"


def load_channels(path: Path | None = None, *, checklists: ChecklistSet | None = None) -> ChannelSet:
    """Read and check a channels file; raises ``ConfigError`` listing every problem as "file:line: ..."."""
    source = SourceFile(path if path is not None else default_channels_path())
    known = _known_values(checklists)
    channels: dict[str, Channel] = {}
    defaults: dict[Disposition, str] = {}
    root = source.compose()
    if root is not None:
        entries = source.mapping(root, "channels file")
        if entries is not None and source.check_keys(root, entries, "channels file", required=("channels",)):
            for item in source.sequence(entries["channels"].value, "channels") or []:
                _read_channel(source, item, known, channels, defaults)
            for disposition in Disposition:
                if disposition not in defaults:
                    source.problem(
                        entries["channels"].value,
                        f"no channel has default_for: {disposition.value} (every disposition needs one, "
                        "for rules that name no channel)",
                    )
    source.raise_if_problems()
    return ChannelSet(channels, defaults)


def _known_values(checklists: ChecklistSet | None) -> dict[str, frozenset[str] | None]:
    if checklists is None:
        return {key: None for key in _MATCH_KEYS}
    return {
        "grade": frozenset(g.casefold() for c in checklists for g in c.grade_scale),
        "packaging": frozenset(p.casefold() for c in checklists for p in c.packaging_scale),
        "category": None,  # categories come from the RMA lines; any word is fine
    }


def _read_channel(
    source: SourceFile,
    node: Node,
    known: Mapping[str, frozenset[str] | None],
    channels: dict[str, Channel],
    defaults: dict[Disposition, str],
) -> None:
    entries = source.mapping(node, "channel")
    if entries is None:
        return
    channel_id = source.identifier(entries["id"].value, "channel id") if "id" in entries else None
    what = f"channel '{channel_id}'" if channel_id else "channel"
    before = len(source.problems)
    source.check_keys(
        node, entries, what, required=("id", "label", "dispositions", "recovery"), optional=("default_for",)
    )
    if channel_id is not None and channel_id in channels:
        source.problem(entries["id"].value, f"channel id '{channel_id}' is used twice")
    label = None
    if "label" in entries:
        label = source.local_text(entries["label"].value, f"{what}: label", max_len=40)
    allowed = (
        _dispositions(source, entries["dispositions"].value, f"{what}: dispositions")
        if ("dispositions" in entries)
        else None
    )
    default_for: frozenset[Disposition] = frozenset()
    if "default_for" in entries:
        default_for = (
            _dispositions(source, entries["default_for"].value, f"{what}: default_for") or frozenset()
        )
        for disposition in sorted(default_for - (allowed or default_for), key=lambda d: d.value):
            source.problem(
                entries["default_for"].value,
                f"{what}: default_for {disposition.value} is not in its dispositions",
            )
        for disposition in sorted(default_for, key=lambda d: d.value):
            if disposition in defaults:
                source.problem(
                    entries["default_for"].value,
                    f"{what}: {disposition.value} already has the default channel '{defaults[disposition]}'",
                )
    recovery = _recovery(source, entries["recovery"].value, known, what) if "recovery" in entries else None
    if len(source.problems) > before or None in (channel_id, label, allowed, recovery):
        return
    assert channel_id is not None and label is not None and allowed is not None and recovery is not None
    channels[channel_id] = Channel(channel_id, label, allowed, recovery)
    for disposition in default_for:
        defaults[disposition] = channel_id


def _dispositions(source: SourceFile, node: Node, what: str) -> frozenset[Disposition] | None:
    items = [node] if not isinstance(node, SequenceNode) else node.value
    found: set[Disposition] = set()
    for item in items:
        disposition = read_disposition(source, item, what)
        if disposition is None:
            return None
        found.add(disposition)
    return frozenset(found)


def _recovery(
    source: SourceFile, node: Node, known: Mapping[str, frozenset[str] | None], what: str
) -> tuple[RecoveryLine, ...] | None:
    items = source.sequence(node, f"{what}: recovery")
    if items is None:
        return None
    lines: list[RecoveryLine] = []
    catch_all: int | None = None
    for item in items:
        if catch_all is not None:
            source.problem(item, f"{what}: this line comes after the line without 'when' on line {catch_all}")
        entries = source.mapping(item, f"{what}: recovery line")
        if entries is None or not source.check_keys(
            item, entries, f"{what}: recovery line", required=("rate",), optional=("when",)
        ):
            continue
        rate = source.number(entries["rate"].value, f"{what}: rate")
        if rate is not None and not Decimal(0) <= rate <= Decimal(1):
            source.problem(entries["rate"].value, f"{what}: rate must be from 0 to 1 (0.85 means 85 %)")
            rate = None
        parts: dict[str, frozenset[str] | None] = {}
        if "when" in entries:
            when = source.mapping(entries["when"].value, f"{what}: when")
            if when is not None and source.check_keys(
                entries["when"].value, when, f"{what}: when", required=(), optional=_MATCH_KEYS
            ):
                for key, entry in when.items():
                    parts[key] = _values(source, entry.value, known.get(key), f"{what}: {key}")
        else:
            catch_all = int(item.start_mark.line) + 1
        if rate is None or any(v is None for v in parts.values()):
            continue
        lines.append(
            RecoveryLine(
                rate=rate,
                grades=parts.get("grade"),
                packagings=parts.get("packaging"),
                categories=parts.get("category"),
            )
        )
    if items and catch_all is None:
        source.problem(items[-1], f"{what}: the last recovery line needs no 'when' (e.g. {{rate: 0}})")
    return tuple(lines) if len(lines) == len(items) else None


def _values(source: SourceFile, node: Node, known: frozenset[str] | None, what: str) -> frozenset[str] | None:
    if isinstance(node, MappingNode):
        source.problem(node, f"{what}: a value or a list of values, e.g. [A, B]")
        return None
    items = node.value if isinstance(node, SequenceNode) else [node]
    found: set[str] = set()
    for item in items:
        word = source.text(item, what)
        if word is None:
            return None
        folded = word.strip().casefold()
        if known is not None and folded not in known:
            source.problem(
                item, f"{what}: '{word}' is not a known value (expected one of {', '.join(sorted(known))})"
            )
            return None
        found.add(folded)
    return frozenset(found)
