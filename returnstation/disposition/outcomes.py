"""Outcomes beyond the routing label, read from ``data/outcomes.yaml``: "no fault found" on claims,
the extra labels a decision prints, and the vendors of return-to-vendor lists.

Why data: which reasons count as a claim, which tests a bench can run on a category, which decisions
need a return-to-customer or an item label and which vendor takes which SKUs back are a site's policy;
a supervisor changes them without a release, and a broken file is refused at start with its lines.

**No fault found.** On a claim (``claim_reasons``) the item's checklist gets one more check at its end,
``fault_test``: key 1 "fault found", keys 2-9 "no fault found" after one of the category's tests. It is
an ordinary check, so the bench asks it with the number keys or a ``CMD:ANSWER:<test id>`` card, saves
it in the draft and replays it like any answer; every answer allows the best grade (a test that finds
nothing says nothing about wear). The rules see it as ``no_fault_found`` (true/false, unknown when not
asked) and ``nff_test`` (the test's id).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from yaml.nodes import Node, SequenceNode

from returnstation.disposition.checklist import ANSWER_KEYS, FALLBACK_CATEGORY, Answer, Check, Checklist
from returnstation.disposition.rules import is_destination
from returnstation.disposition.yaml_source import Entry, SourceFile
from returnstation.domain.enums import Disposition

FAULT_CHECK_ID = "fault_test"
FAULT_FOUND = "fault_found"
MAX_TESTS = len(ANSWER_KEYS) - 1  # key 1 is "fault found"


@dataclass(frozen=True, slots=True)
class FaultTest:
    id: str
    label: str


@dataclass(frozen=True)
class NoFaultFound:
    claim_reasons: frozenset[str] = frozenset()
    title: str = "Claimed fault"
    question: str = "Did the test find the claimed fault?"
    fault_found: str = "Fault found"
    tests: Mapping[str, tuple[FaultTest, ...]] = field(default_factory=dict)  # category -> tests

    def tests_for(self, category: str) -> tuple[FaultTest, ...]:
        return self.tests.get(category.strip().lower(), self.tests.get(FALLBACK_CATEGORY, ()))

    def label_of(self, category: str, test_id: str) -> str:
        return next((t.label for t in self.tests_for(category) if t.id == test_id), test_id)

    def checklist_for(self, checklist: Checklist, category: str, reason_code: str) -> Checklist:
        """The item's checklist: the category's, with the fault test at its end on a claim."""
        tests = self.tests_for(category)
        if reason_code.strip().lower() not in self.claim_reasons or not tests:
            return checklist
        best = checklist.grade_scale[0]
        answers = (
            Answer("1", FAULT_FOUND, self.fault_found, best),
            *(Answer(key, t.id, t.label, best) for key, t in zip(ANSWER_KEYS[1:], tests, strict=False)),
        )
        check = Check(FAULT_CHECK_ID, self.question, "", answers, False, title=self.title)
        return replace(checklist, checks=(*checklist.checks, check))


def no_fault_found(answers: Mapping[str, str]) -> tuple[bool | None, str | None]:
    """(no_fault_found, nff_test) from an inspection's answers: (None, None) when the fault test was not
    asked, (False, None) when the fault was found, (True, test id) when no fault was found."""
    value = answers.get(FAULT_CHECK_ID)
    if value is None:
        return None, None
    if value == FAULT_FOUND:
        return False, None
    return True, value


@dataclass(frozen=True)
class OutcomeLabels:
    return_template: str = "return_customer_4x6"
    return_destinations: frozenset[str] = frozenset()
    item_template: str = "item_resale_2x1"
    item_dispositions: frozenset[Disposition] = frozenset()


@dataclass(frozen=True, slots=True)
class Vendor:
    code: str
    name: str
    address: tuple[str, ...] = ()
    sku_prefixes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vendors:
    default: str = "UNASSIGNED"
    vendors: tuple[Vendor, ...] = ()

    def vendor_for(self, line_vendor: str | None, sku: str, category: str) -> str:
        """The RMA line's vendor, else the first listed vendor whose SKU prefix or category fits."""
        if line_vendor and line_vendor.strip():
            return line_vendor.strip().upper()
        upper, lower = sku.upper(), category.strip().lower()
        for vendor in self.vendors:
            if any(upper.startswith(p) for p in vendor.sku_prefixes) or lower in vendor.categories:
                return vendor.code
        return self.default

    def get(self, code: str) -> Vendor:
        """The vendor's name and address; a code only the RMA lines know is named by its code."""
        return next((v for v in self.vendors if v.code == code), Vendor(code, code))


@dataclass(frozen=True)
class Outcomes:
    nff: NoFaultFound = field(default_factory=NoFaultFound)
    labels: OutcomeLabels = field(default_factory=OutcomeLabels)
    vendors: Vendors = field(default_factory=Vendors)


def default_outcomes_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "outcomes.yaml"


def load_outcomes(path: Path | None = None) -> Outcomes:
    """Raises ``ConfigError`` listing every problem as "file:line: message"."""
    source = SourceFile(path if path is not None else default_outcomes_path())
    root = source.compose()
    entries = source.mapping(root, "outcomes file") if root is not None else None
    outcomes = Outcomes()
    if root is not None and entries is not None:
        keys = ("no_fault_found", "labels", "vendors")
        source.check_keys(root, entries, "outcomes file", required=keys)
        nff = _nff(source, entries["no_fault_found"].value) if "no_fault_found" in entries else None
        labels = _labels(source, entries["labels"].value) if "labels" in entries else None
        vendors = _vendors(source, entries["vendors"].value) if "vendors" in entries else None
        outcomes = Outcomes(nff or NoFaultFound(), labels or OutcomeLabels(), vendors or Vendors())
    source.raise_if_problems()
    return outcomes


def _section(source: SourceFile, node: Node, what: str, required: tuple[str, ...]) -> dict[str, Entry] | None:
    entries = source.mapping(node, what)
    if entries is None or not source.check_keys(node, entries, what, required=required):
        return None
    return entries


def _identifiers(source: SourceFile, node: Node, what: str) -> list[str]:
    items = source.sequence(node, what) or []
    return [v for v in (source.identifier(n, what) for n in items) if v is not None]


def _codes(source: SourceFile, node: Node, what: str, *, non_empty: bool = True) -> list[str]:
    items = source.sequence(node, what, non_empty=non_empty) or []
    codes: list[str] = []
    for n in items:
        value = source.text(n, what, max_len=32)
        if value is not None and not is_destination(value.upper()):
            source.problem(n, f"{what}: '{value}' must be letters, digits and - _ . / (at most 32)")
        elif value is not None:
            codes.append(value.upper())
    return codes


def _nff(source: SourceFile, node: Node) -> NoFaultFound | None:
    what = "no_fault_found"
    keys = ("claim_reasons", "title", "question", "fault_found", "tests")
    entries = _section(source, node, what, keys)
    if entries is None:
        return None
    tests: dict[str, tuple[FaultTest, ...]] = {}
    by_category = source.mapping(entries["tests"].value, f"{what}: tests") or {}
    for category, entry in by_category.items():
        if source.identifier(entry.key_node, f"{what}: tests: category") is None:
            continue
        listed: list[FaultTest] = []
        for item in source.sequence(entry.value, f"{what}: tests: {category}") or []:
            test = _fault_test(source, item, f"{what}: tests: {category}", listed)
            if test is not None:
                listed.append(test)
        if len(listed) > MAX_TESTS:
            source.problem(entry.value, f"{what}: tests: {category}: at most {MAX_TESTS} tests (keys 2-9)")
        tests[category] = tuple(listed)
    texts = {k: source.local_text(entries[k].value, f"{what}: {k}", max_len=120) for k in keys[1:4]}
    if FALLBACK_CATEGORY not in tests:
        source.problem(entries["tests"].value, f"{what}: tests: '{FALLBACK_CATEGORY}' is missing")
    return NoFaultFound(
        claim_reasons=frozenset(
            _identifiers(source, entries["claim_reasons"].value, f"{what}: claim_reasons")
        ),
        title=texts["title"] or "",
        question=texts["question"] or "",
        fault_found=texts["fault_found"] or "",
        tests=tests,
    )


def _fault_test(source: SourceFile, node: Node, what: str, listed: list[FaultTest]) -> FaultTest | None:
    entries = _section(source, node, what, ("id", "label"))
    if entries is None:
        return None
    test_id = source.identifier(entries["id"].value, f"{what}: id")
    label = source.local_text(entries["label"].value, f"{what}: label", max_len=120)
    if test_id == FAULT_FOUND:
        source.problem(entries["id"].value, f"{what}: '{FAULT_FOUND}' is the answer key 1 already uses")
        return None
    if test_id is not None and any(t.id == test_id for t in listed):
        source.problem(entries["id"].value, f"{what}: '{test_id}' appears twice")
        return None
    return FaultTest(test_id, label) if test_id is not None and label is not None else None


def _labels(source: SourceFile, node: Node) -> OutcomeLabels | None:
    entries = _section(source, node, "labels", ("return_to_customer", "item"))
    if entries is None:
        return None
    back = _section(source, entries["return_to_customer"].value, "labels: return_to_customer",
                    ("template", "destinations"))  # fmt: skip
    item = _section(source, entries["item"].value, "labels: item", ("template", "dispositions"))
    if back is None or item is None:
        return None
    dispositions: list[Disposition] = []
    for value_node in source.sequence(item["dispositions"].value, "labels: item: dispositions") or []:
        value = source.text(value_node, "labels: item: dispositions")
        if value in {d.value for d in Disposition}:
            dispositions.append(Disposition(value))
        elif value is not None:
            known = ", ".join(d.value for d in Disposition)
            source.problem(value_node, f"labels: item: dispositions: '{value}' is not one of {known}")
    return OutcomeLabels(
        return_template=source.identifier(back["template"].value, "labels: return_to_customer: template")
        or "",
        return_destinations=frozenset(
            _codes(source, back["destinations"].value, "labels: return_to_customer: destinations")
        ),
        item_template=source.identifier(item["template"].value, "labels: item: template") or "",
        item_dispositions=frozenset(dispositions),
    )


def _vendors(source: SourceFile, node: Node) -> Vendors | None:
    entries = _section(source, node, "vendors", ("default", "list"))
    if entries is None:
        return None
    vendors: list[Vendor] = []
    for item in source.sequence(entries["list"].value, "vendors: list") or []:
        fields = source.mapping(item, "vendors: list")
        if fields is None:
            continue
        optional = ("address", "sku_prefixes", "categories")
        if not source.check_keys(item, fields, "vendors: list", required=("code", "name"), optional=optional):
            continue
        code = _one_code(source, fields["code"].value, "vendors: code")
        name = source.text(fields["name"].value, "vendors: name", max_len=120)
        if code is None or name is None:
            continue
        if any(v.code == code for v in vendors):
            source.problem(fields["code"].value, f"vendors: '{code}' appears twice")
            continue
        lines = _texts(source, fields.get("address"), f"vendors: {code}: address")
        prefixes = tuple(p.upper() for p in _texts(source, fields.get("sku_prefixes"), f"vendors: {code}"))
        categories = tuple(_identifiers(source, fields["categories"].value, f"vendors: {code}: categories")
                           if "categories" in fields else ())  # fmt: skip
        vendors.append(Vendor(code, name, lines, prefixes, categories))
    default = _one_code(source, entries["default"].value, "vendors: default")
    if default is not None and default not in {v.code for v in vendors}:
        source.problem(entries["default"].value, f"vendors: default '{default}' is not in the list")
    return Vendors(default or "UNASSIGNED", tuple(vendors))


def _one_code(source: SourceFile, node: Node, what: str) -> str | None:
    """One code checked as each code of a list is."""
    codes = _codes(
        source, SequenceNode("tag:yaml.org,2002:seq", [node], node.start_mark, node.end_mark), what
    )
    return codes[0] if codes else None


def _texts(source: SourceFile, entry: Entry | None, what: str) -> tuple[str, ...]:
    if entry is None:
        return ()
    items = source.sequence(entry.value, what, non_empty=False) or []
    return tuple(v for v in (source.text(n, what, max_len=120) for n in items) if v is not None)
