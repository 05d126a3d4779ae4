"""Lot inspection policy: when a lot of identical sealed items may be decided from a sample, how large
the sample is, and when a sample fails.

Why data: the sample size is a quality decision a site makes (and an auditor asks about), usually from a
table such as ISO 2859-1's (lot size -> sample size); what counts as "as sealed as it should be" depends
on the checklists in use. Why one judge for the bench and the service: the screen tells the inspector at
once that a sample failed, and the service checks every sample again before it records anything, with
the same rule, so the two can never disagree. Format (``data/lot_inspection.yaml``)::

    enabled: true                  # false: no lot inspection at this site
    min_lot: 4                     # smaller lots are inspected unit by unit
    accept_grades: [A]             # every sample must get one of these grades
    require_answers: {packaging: sealed}   # and these answers, where its checklist has the check
    sampling:                      # lot size (up to, inclusive) -> sample size; ascending
      - {up_to: 8, sample: 2}
      - {up_to: 15, sample: 3}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from yaml.nodes import Node

from returnstation.disposition.yaml_source import SourceFile
from returnstation.domain.inspection import Decision


def default_lot_inspection_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "lot_inspection.yaml"


class SampleVerdict(Enum):
    PASSED = "passed"
    GRADE = "grade"  # the sample's grade is not one the lot accepts
    ANSWER = "answer"  # a required answer (e.g. packaging: sealed) was not given
    DIFFERS = "differs"  # the rules send it elsewhere than the first sample


@dataclass(frozen=True, slots=True)
class SampleJudgement:
    verdict: SampleVerdict
    detail: str = ""  # the grade, "check=value", or "disposition destination" that failed

    @property
    def passed(self) -> bool:
        return self.verdict is SampleVerdict.PASSED


@dataclass(frozen=True, slots=True)
class LotPolicy:
    enabled: bool
    min_lot: int
    accept_grades: frozenset[str]
    require_answers: Mapping[str, str] = field(hash=False)
    sampling: tuple[tuple[int, int], ...]  # (up to lot size, sample size), ascending

    @property
    def max_lot(self) -> int:
        return self.sampling[-1][0]

    def sample_size(self, lot_size: int) -> int | None:
        """How many units of a lot of ``lot_size`` are inspected; None when the lot is too large."""
        for up_to, sample in self.sampling:
            if lot_size <= up_to:
                return min(sample, lot_size)
        return None

    def judge(
        self, grade: str, answers: Mapping[str, str], decision: Decision, first: Decision | None
    ) -> SampleJudgement:
        """Whether one inspected sample lets the lot be decided as a whole."""
        if grade.casefold() not in {g.casefold() for g in self.accept_grades}:
            return SampleJudgement(SampleVerdict.GRADE, grade)
        for check, wanted in self.require_answers.items():
            given = answers.get(check)
            if given is not None and given.casefold() != wanted.casefold():
                return SampleJudgement(SampleVerdict.ANSWER, f"{check}={given}")
        if first is not None and (first.disposition, first.destination) != (
            decision.disposition,
            decision.destination,
        ):
            return SampleJudgement(
                SampleVerdict.DIFFERS, f"{decision.disposition.value} {decision.destination}"
            )
        return SampleJudgement(SampleVerdict.PASSED)


def load_lot_policy(path: Path | None = None) -> LotPolicy:
    """Read and check the lot inspection file; ``ConfigError`` lists every problem as file:line."""
    source = SourceFile(path if path is not None else default_lot_inspection_path())
    root = source.compose()
    entries = source.mapping(root, "lot inspection file") if root is not None else None
    enabled, min_lot = False, 2
    grades: frozenset[str] = frozenset()
    answers: dict[str, str] = {}
    sampling: tuple[tuple[int, int], ...] = ()
    if root is not None and entries is not None:
        source.check_keys(
            root,
            entries,
            "lot inspection file",
            required=("enabled", "min_lot", "accept_grades", "sampling"),
            optional=("require_answers",),
        )
        if "enabled" in entries:
            enabled = bool(source.boolean(entries["enabled"].value, "enabled"))
        if "min_lot" in entries:
            min_lot = _whole(source, entries["min_lot"].value, "min_lot", least=2) or 2
        if "accept_grades" in entries:
            items = source.sequence(entries["accept_grades"].value, "accept_grades")
            grades = frozenset(g for g in (source.text(i, "accept_grades") for i in items or ()) if g)
        if "require_answers" in entries:
            for check, entry in (
                source.mapping(entries["require_answers"].value, "require_answers") or {}
            ).items():
                value = source.text(entry.value, f"require_answers: {check}")
                if source.identifier(entry.key_node, "require_answers: check id") and value is not None:
                    answers[check] = value
        if "sampling" in entries:
            sampling = _sampling(source, entries["sampling"].value)
    source.raise_if_problems()
    return LotPolicy(enabled, min_lot, grades, answers, sampling)


def _sampling(source: SourceFile, node: Node) -> tuple[tuple[int, int], ...]:
    rows: list[tuple[int, int]] = []
    for item in source.sequence(node, "sampling") or ():
        fields = source.mapping(item, "sampling row")
        if fields is None or not source.check_keys(
            item, fields, "sampling row", required=("up_to", "sample")
        ):
            continue
        up_to = _whole(source, fields["up_to"].value, "sampling: up_to", least=1)
        sample = _whole(source, fields["sample"].value, "sampling: sample", least=1)
        if up_to is None or sample is None:
            continue
        if rows and up_to <= rows[-1][0]:
            source.problem(
                item, f"sampling: up_to {up_to} must be larger than the row before ({rows[-1][0]})"
            )
        elif sample > up_to:
            source.problem(item, f"sampling: a sample of {sample} is more than the lot of up to {up_to}")
        elif rows and sample < rows[-1][1]:
            source.problem(
                item, f"sampling: a larger lot must not get a smaller sample ({sample} < {rows[-1][1]})"
            )
        else:
            rows.append((up_to, sample))
    return tuple(rows)


def _whole(source: SourceFile, node: Node, what: str, *, least: int) -> int | None:
    number = source.number(node, what)
    if number is None:
        return None
    if number != number.to_integral_value() or number < least:
        source.problem(node, f"{what}: expected a whole number >= {least}, found {number}")
        return None
    return int(number)
