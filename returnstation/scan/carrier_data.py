"""Load and validate the carrier tracking-number formats (returnstation/data/carriers/carriers.json).

Why data and not code: a returns dock meets whatever carriers its customers use, and a new format (or a
carrier's new prefix) must be one reviewed entry with its own test numbers, not a new branch in the
classifier. Why validated at load: a pattern that does not compile, a check algorithm that does not
exist or a test number its own entry rejects would otherwise show up as a wrong verdict at the bench,
far from the file that caused it. `CarrierDataError` names the file and the entry.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import returnstation.scan.checkdigits as checkdigits

DATA_FILE = ("data", "carriers", "carriers.json")

# Algorithms a format may name, and the parameters each takes.
ALGORITHMS: Mapping[str, frozenset[str]] = {
    "none": frozenset(),
    "mod10": frozenset({"evens", "odds", "prepend"}),
    "mod11_mod10": frozenset({"weights"}),
    "mod7": frozenset(),
    "luhn": frozenset(),
    "mod37_36": frozenset(),
    "s10": frozenset(),
    "gls": frozenset(),
}
_ID_RE = re.compile(r"[a-z][a-z0-9_]*")


class CarrierDataError(ValueError):
    """The carrier data file is broken; the message names the entry and what is wrong."""


@dataclass(frozen=True, slots=True)
class AlgorithmNote:
    """Where a check algorithm comes from and which single-digit typos it cannot see (the data file's
    'algorithms'): the floor a format's own check sets for typo acceptance, stated once per algorithm
    so a reviewer can hold the benchmark's 'own%' against it."""

    name: str
    source: str
    single_digit_typos: str


@dataclass(frozen=True, slots=True)
class CheckRule:
    """How the check character of a format is verified (a function in checkdigits.py)."""

    algorithm: str
    evens: int = 1
    odds: int = 1
    prepend: str = ""
    weights: tuple[int, ...] = ()

    def passes(self, serial: str, check: str) -> bool:
        """True when `check` is right for `serial` under this rule."""
        algorithm = self.algorithm
        if algorithm == "mod10":
            return checkdigits.mod10_weighted_ok(self.prepend + serial, check, self.evens, self.odds)
        if algorithm == "mod11_mod10":
            return checkdigits.weighted_mod11_mod10_ok(serial, check, self.weights)
        if algorithm == "mod7":
            return checkdigits.mod7_ok(serial, check)
        if algorithm == "luhn":
            return checkdigits.luhn_ok(serial, check)
        if algorithm == "mod37_36":
            return checkdigits.mod37_36_ok(serial, check)
        if algorithm == "s10":
            return checkdigits.s10_ok(serial, check)
        if algorithm == "gls":
            return checkdigits.gls_ok(serial, check)
        return True  # "none": the format has no check character


@dataclass(frozen=True, slots=True)
class TrackingFormat:
    """One number format of one carrier. `country` is the carrier's home country (ISO 3166 alpha-2),
    or "*" for UPU S10, where the number's last two letters name the post (`country_carriers`).
    `distinctive`: the pattern has a head no other carrier's format uses ("420"+ZIP, "00"+SSCC, "1Z",
    "92"-"95" IMpb...), so a number of this shape that fails this format's check is a misread of it,
    even when a format without such a head (any 20 digits with a mod-10 check) happens to accept it
    (issue 15: such typos were accepted as another carrier's number in 10-22% of cases)."""

    id: str
    name: str
    carrier: str
    carrier_name: str
    country: str
    pattern: re.Pattern[str]
    lengths: frozenset[int]
    check: CheckRule
    source: str
    valid_examples: tuple[str, ...]
    invalid_examples: tuple[str, ...]
    country_carriers: Mapping[str, tuple[str, str]]
    rank: int = 50
    distinctive: bool = False

    @property
    def has_check(self) -> bool:
        return self.check.algorithm != "none"

    @property
    def names_known_number(self) -> bool:
        """True when the pattern has the group T, the number the carrier's systems know."""
        return "T" in self.pattern.groupindex


@dataclass(frozen=True)
class CarrierData:
    """Every format in trial order (by rank, then file order), and an index by length (the
    classifier's fast path: a scan is only tried against the formats of its length)."""

    formats: tuple[TrackingFormat, ...]
    by_length: Mapping[int, tuple[TrackingFormat, ...]]
    algorithms: Mapping[str, AlgorithmNote] = field(default_factory=dict)

    def carriers(self) -> tuple[str, ...]:
        """Carrier ids in file order, each once (S10's national posts included)."""
        seen: dict[str, None] = {}
        for fmt in self.formats:
            seen.setdefault(fmt.carrier, None)
            for carrier, _ in fmt.country_carriers.values():
                seen.setdefault(carrier, None)
        return tuple(seen)


def default_path() -> Path:
    return Path(str(resources.files("returnstation").joinpath(*DATA_FILE)))


@functools.cache
def carrier_data(path: Path | None = None) -> CarrierData:
    """The parsed and validated carrier data (cached: it is read once per process)."""
    where = path or default_path()
    try:
        raw = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CarrierDataError(f"{where}: cannot be read as JSON ({exc})") from exc
    return parse_carrier_data(raw, str(where))


def parse_carrier_data(raw: Any, where: str = "carrier data") -> CarrierData:
    """Validate the decoded JSON and build the formats; raises CarrierDataError naming the entry."""
    if not isinstance(raw, dict) or not isinstance(raw.get("carriers"), list):
        raise CarrierDataError(f"{where}: expected an object with a 'carriers' list")
    algorithms = _algorithm_notes(raw.get("algorithms"), where)
    formats: list[TrackingFormat] = []
    ids: set[str] = set()
    for carrier in raw["carriers"]:
        for fmt in _carrier_formats(carrier, where):
            if fmt.id in ids:
                raise CarrierDataError(f"{where}: format id {fmt.id!r} appears twice")
            ids.add(fmt.id)
            if fmt.check.algorithm not in algorithms:
                raise CarrierDataError(
                    f"{where}: format {fmt.id!r}: algorithm {fmt.check.algorithm!r} has no entry in "
                    "'algorithms' (its source and the typos it cannot see)"
                )
            formats.append(fmt)
    formats.sort(key=lambda fmt: fmt.rank)  # stable: file order within a rank
    by_length: dict[int, list[TrackingFormat]] = {}
    for fmt in formats:
        for length in fmt.lengths:
            by_length.setdefault(length, []).append(fmt)
    return CarrierData(tuple(formats), {n: tuple(group) for n, group in by_length.items()}, algorithms)


def _algorithm_notes(raw: Any, where: str) -> Mapping[str, AlgorithmNote]:
    if not isinstance(raw, dict):
        raise CarrierDataError(f"{where}: expected an 'algorithms' object (each check algorithm's source)")
    notes: dict[str, AlgorithmNote] = {}
    for name, entry in raw.items():
        here = f"{where}: algorithms[{name!r}]"
        if name not in ALGORITHMS:
            raise CarrierDataError(f"{here}: no such algorithm (known: {', '.join(ALGORITHMS)})")
        if not isinstance(entry, dict):
            raise CarrierDataError(f"{here}: must be an object with 'source' and 'single_digit_typos'")
        for key in ("source", "single_digit_typos"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise CarrierDataError(f"{here}: '{key}' must be a non-empty text")
        notes[name] = AlgorithmNote(name, entry["source"], entry["single_digit_typos"])
    return notes


def _carrier_formats(carrier: Any, where: str) -> list[TrackingFormat]:
    if not isinstance(carrier, dict):
        raise CarrierDataError(f"{where}: every carrier must be an object")
    cid = _text(carrier, "id", where, "carrier")
    here = f"{where}: carrier {cid!r}"
    if not _ID_RE.fullmatch(cid):
        raise CarrierDataError(f"{here}: id must be lower-case letters, digits and _")
    name = _text(carrier, "name", here, "carrier")
    country = _text(carrier, "country", here, "carrier")
    if not (country == "*" or (len(country) == 2 and country.isascii() and country.isupper())):
        raise CarrierDataError(f"{here}: country must be an ISO 3166 alpha-2 code or '*', not {country!r}")
    by_country = _country_carriers(carrier.get("country_carriers", {}), here)
    if country == "*" and not by_country:
        raise CarrierDataError(f"{here}: country '*' needs 'country_carriers'")
    entries = carrier.get("formats")
    if not isinstance(entries, list) or not entries:
        raise CarrierDataError(f"{here}: 'formats' must be a non-empty list")
    return [_format(entry, cid, name, country, by_country, here) for entry in entries]


def _country_carriers(raw: Any, here: str) -> Mapping[str, tuple[str, str]]:
    if not isinstance(raw, dict):
        raise CarrierDataError(f"{here}: 'country_carriers' must map a country to [id, name]")
    out: dict[str, tuple[str, str]] = {}
    for country, pair in raw.items():
        ok = isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        if not ok or not _ID_RE.fullmatch(pair[0]) or not checkdigits.is_s10_country(country):
            raise CarrierDataError(f"{here}: country_carriers[{country!r}] must be [id, name], ISO country")
        out[country] = (pair[0], pair[1])
    return out


def _format(
    entry: Any,
    carrier: str,
    carrier_name: str,
    country: str,
    by_country: Mapping[str, tuple[str, str]],
    where: str,
) -> TrackingFormat:
    if not isinstance(entry, dict):
        raise CarrierDataError(f"{where}: every format must be an object")
    fid = _text(entry, "id", where, "format")
    here = f"{where}, format {fid!r}"
    try:
        pattern = re.compile(_text(entry, "pattern", here, "format"))
    except re.error as exc:
        raise CarrierDataError(f"{here}: pattern does not compile ({exc})") from exc
    check = _check_rule(entry.get("check"), here)
    groups = set(pattern.groupindex)
    if check.algorithm != "none" and not {"S", "C"} <= groups:
        raise CarrierDataError(f"{here}: a checked format needs the groups S (serial) and C (check)")
    if country == "*" and "K" not in groups:
        raise CarrierDataError(f"{here}: an S10 format needs the group K (country)")
    lengths = entry.get("lengths")
    if not (isinstance(lengths, list) and lengths and all(isinstance(n, int) and n > 0 for n in lengths)):
        raise CarrierDataError(f"{here}: 'lengths' must list the lengths the pattern matches")
    tests = entry.get("test_numbers", {})
    valid, invalid = _examples(tests, "valid", here), _examples(tests, "invalid", here)
    for example in valid:
        if len(example) not in lengths or not pattern.fullmatch(example):
            raise CarrierDataError(f"{here}: test number {example!r} does not fit the pattern and lengths")
    rank = entry.get("rank", 50)
    if not isinstance(rank, int):
        raise CarrierDataError(f"{here}: 'rank' must be a whole number (lower is tried first)")
    distinctive = entry.get("distinctive", False)
    if not isinstance(distinctive, bool):
        raise CarrierDataError(f"{here}: 'distinctive' must be true or false")
    if distinctive and check.algorithm == "none":
        raise CarrierDataError(f"{here}: only a format with a check character can be 'distinctive'")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise CarrierDataError(f"{here}: 'source' must name where the format and its check rule come from")
    return TrackingFormat(
        id=fid,
        name=_text(entry, "name", here, "format"),
        carrier=carrier,
        carrier_name=carrier_name,
        country=country,
        pattern=pattern,
        lengths=frozenset(lengths),
        check=check,
        source=source,
        valid_examples=valid,
        invalid_examples=invalid,
        country_carriers=by_country,
        rank=rank,
        distinctive=distinctive,
    )


def _check_rule(raw: Any, here: str) -> CheckRule:
    if not isinstance(raw, dict) or not isinstance(raw.get("algorithm"), str):
        raise CarrierDataError(f"{here}: 'check' must be an object with an 'algorithm'")
    algorithm = raw["algorithm"]
    if algorithm not in ALGORITHMS:
        known = ", ".join(ALGORITHMS)
        raise CarrierDataError(f"{here}: unknown check algorithm {algorithm!r} (known: {known})")
    extra = set(raw) - {"algorithm"} - ALGORITHMS[algorithm]
    if extra:
        raise CarrierDataError(f"{here}: {algorithm} takes no {', '.join(sorted(extra))}")
    weights = raw.get("weights", [])
    if algorithm == "mod11_mod10" and not (weights and all(isinstance(w, int) for w in weights)):
        raise CarrierDataError(f"{here}: mod11_mod10 needs integer 'weights'")
    evens, odds, prepend = raw.get("evens", 1), raw.get("odds", 1), raw.get("prepend", "")
    if not (isinstance(evens, int) and isinstance(odds, int) and isinstance(prepend, str)):
        raise CarrierDataError(f"{here}: evens/odds must be integers and prepend text")
    return CheckRule(algorithm, evens, odds, prepend, tuple(weights))


def _examples(tests: Any, key: str, here: str) -> tuple[str, ...]:
    values = tests.get(key, []) if isinstance(tests, dict) else None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise CarrierDataError(f"{here}: test_numbers.{key} must be a list of strings")
    return tuple(values)


def _text(entry: Mapping[str, Any], key: str, here: str, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise CarrierDataError(f"{here}: every {what} needs a non-empty '{key}'")
    return value


def all_examples(data: CarrierData) -> Sequence[tuple[TrackingFormat, str, bool]]:
    """(format, number, valid?) for every test number in the data: for tests and the benchmark."""
    return [(fmt, n, True) for fmt in data.formats for n in fmt.valid_examples] + [
        (fmt, n, False) for fmt in data.formats for n in fmt.invalid_examples
    ]
