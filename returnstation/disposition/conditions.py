"""The conditions a disposition rule can test, how they are read from YAML and how they are evaluated.

Kept deliberately small: a fixed list of fields, three kinds of value (text, number, true/false) and six
operators. Anything else is rejected when the file loads, because a condition that cannot be evaluated
would otherwise silently never match and send items down the wrong path.

Semantics (also in returnstation/data/rules/README.md):

- ``field: value``          the fact equals the value (text ignores case and surrounding spaces)
- ``field: [a, b]``         the fact is one of the values
- ``field: {op: value}``    every operator given holds: ``lt le gt ge`` compare numbers, ``in`` takes a
  list, ``not`` takes a value or a list of values the fact must not be
- ``field: null``           the fact is unknown (only for facts that can be unknown)

An unknown fact equals only ``null``; it fails ``lt le gt ge`` and passes ``not`` unless ``null`` is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from returnstation.disposition.yaml_source import IDENTIFIER, SourceFile
from returnstation.domain.inspection import ItemFacts, NearMiss
from returnstation.domain.messages import join, msg

ANSWER_PREFIX = "answer."


class Kind(Enum):
    TEXT = "text"
    NUMBER = "number"
    BOOL = "true/false"


Value = str | Decimal | bool | None


@dataclass(frozen=True, slots=True)
class FieldSpec:
    kind: Kind
    nullable: bool
    read: Callable[[ItemFacts], object]


FIELDS: Mapping[str, FieldSpec] = {
    "category": FieldSpec(Kind.TEXT, False, lambda f: f.category),
    "sku": FieldSpec(Kind.TEXT, False, lambda f: f.sku),
    "grade": FieldSpec(Kind.TEXT, False, lambda f: f.grade),
    "packaging": FieldSpec(Kind.TEXT, True, lambda f: f.packaging),
    "reason": FieldSpec(Kind.TEXT, False, lambda f: f.reason_code),
    "days_since_purchase": FieldSpec(Kind.NUMBER, True, lambda f: f.days_since_purchase),
    "unit_value": FieldSpec(Kind.NUMBER, False, lambda f: f.unit_value),
    "hazardous": FieldSpec(Kind.BOOL, False, lambda f: f.hazardous),
    "warranty_valid": FieldSpec(Kind.BOOL, True, lambda f: f.warranty_valid),
    "expiry_days_left": FieldSpec(Kind.NUMBER, True, lambda f: f.expiry_days_left),
    "lot_present": FieldSpec(Kind.BOOL, False, lambda f: f.lot_present),
    "market": FieldSpec(Kind.TEXT, True, lambda f: f.market),
    "site": FieldSpec(Kind.TEXT, True, lambda f: f.site),
    "no_fault_found": FieldSpec(Kind.BOOL, True, lambda f: f.no_fault_found),
    "nff_test": FieldSpec(Kind.TEXT, True, lambda f: f.nff_test),
}
ANSWER_FIELD = FieldSpec(Kind.TEXT, True, lambda f: None)

COMPARISONS: Mapping[str, tuple[str, Callable[[Decimal, Decimal], bool]]] = {
    "lt": ("<", lambda a, b: a < b),
    "le": ("<=", lambda a, b: a <= b),
    "gt": (">", lambda a, b: a > b),
    "ge": (">=", lambda a, b: a >= b),
}
OPERATORS = (*COMPARISONS, "in", "not")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Values other files define, so a typo such as ``answer.packaging: seald`` fails at load time.

    ``None`` for a part means "not checked" (the rules file is loaded on its own).
    """

    answers: Mapping[str, frozenset[str]] | None = None  # check id -> answer values
    grades: frozenset[str] | None = None
    packagings: frozenset[str] | None = None  # every checklist's packaging_scale
    reasons: frozenset[str] | None = None
    captures: frozenset[str] = frozenset()  # ids of capture checks (a value, not an answer)
    sites: frozenset[str] | None = None  # the rules file's `sites:` (None: it declares none)
    markets: frozenset[str] | None = None  # the rules file's `markets:`


@dataclass(frozen=True, slots=True)
class Comparison:
    """One operator and its operand(s); ``values`` holds normalised values, ``shown`` the file's words."""

    op: str  # "eq", "in", "not", "lt", "le", "gt", "ge"
    values: tuple[Value, ...]
    shown: str
    words: tuple[str, ...] = ()  # each operand as the file writes it ("B", "not_wiped", "90", "null")

    def holds(self, actual: Value) -> bool:
        if self.op == "eq":
            return actual == self.values[0]
        if self.op == "in":
            return actual in self.values
        if self.op == "not":
            return actual not in self.values
        if not isinstance(actual, Decimal):  # unknown (None) fails every comparison
            return False
        bound = self.values[0]
        assert isinstance(bound, Decimal)
        return COMPARISONS[self.op][1](actual, bound)


@dataclass(frozen=True, slots=True)
class Condition:
    field: str  # "grade", "answer.packaging", ...
    tests: tuple[Comparison, ...]
    line: int

    def holds(self, facts: ItemFacts) -> bool:
        return self.holds_for(normalise(read_fact(self.field, facts)))

    def holds_for(self, actual: Value) -> bool:
        """Against an already normalised fact (see ``NormalisedFacts``)."""
        return all(test.holds(actual) for test in self.tests)

    def near_miss(self, rule_id: str, reason: str, facts: ItemFacts) -> NearMiss:
        """This condition as the one that kept rule ``rule_id`` from applying."""
        raw = read_fact(self.field, facts)
        return NearMiss(
            rule_id=rule_id,
            failed=(self.explain(facts),),
            reason=reason,
            field=self.field,
            actual=None if raw is None else show(raw),
            needs=tuple((t.op, t.words) for t in self.tests),
        )

    def explain(self, facts: ItemFacts) -> str:
        """What the fact is against what the rule needs, e.g. "grade is C, rule needs A"."""
        needs = join((t.shown for t in self.tests), msg(" and "))
        return msg(
            "{field} is {show}, rule needs {needs}",
            field=self.field,
            show=show(read_fact(self.field, facts)),
            needs=needs,
        )


class NormalisedFacts:
    """Each fact read and normalised once per decision, however many rules look at it."""

    def __init__(self, facts: ItemFacts) -> None:
        self.facts = facts
        self._values: dict[str, Value] = {}

    def value(self, name: str) -> Value:
        try:
            return self._values[name]
        except KeyError:
            value = self._values[name] = normalise(read_fact(name, self.facts))
            return value


def field_spec(name: str) -> FieldSpec | None:
    if name.startswith(ANSWER_PREFIX):
        return ANSWER_FIELD if IDENTIFIER.match(name[len(ANSWER_PREFIX) :]) else None
    return FIELDS.get(name)


def read_fact(name: str, facts: ItemFacts) -> object:
    if name.startswith(ANSWER_PREFIX):
        return facts.answers.get(name[len(ANSWER_PREFIX) :])
    return FIELDS[name].read(facts)


def normalise(raw: object) -> Value:
    """Facts in the form tests compare: folded text, exact numbers; anything odd becomes unknown."""
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, str):
        return raw.strip().casefold()
    return None


def show(raw: object) -> str:
    if raw is None:
        return "unknown"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


# -- reading from YAML --------------------------------------------------------------------------------


def read_condition(
    source: SourceFile,
    key_node: ScalarNode,
    name: str,
    node: Node,
    vocabulary: Vocabulary,
    *,
    context: str = "",
) -> Condition | None:
    """One ``field: value`` entry of a rule's ``when``; problems go to ``source`` and give None.

    ``context`` (e.g. "rule 'food-expired'") prefixes every problem so the message stands on its own.
    """
    prefix = f"{context}: " if context else ""
    spec = field_spec(name)
    if spec is None:
        fields = ", ".join([*FIELDS, "answer.<check id>"])
        source.problem(key_node, f"{prefix}unknown field '{name}' (known: {fields})")
        return None
    reader = _OperandReader(source, f"{prefix}{name}", spec, vocabulary, field=name)
    if name.startswith(ANSWER_PREFIX):
        reader.check_answer_field(key_node)
    tests: list[Comparison] = []
    if isinstance(node, MappingNode):
        entries = source.mapping(node, reader.what)
        if entries is None:
            return None
        if not entries:
            source.problem(node, f"{reader.what}: the operator map is empty (use {', '.join(OPERATORS)})")
            return None
        for op, entry in entries.items():
            test = reader.operator(op, entry.key_node, entry.value)
            if test is not None:
                tests.append(test)
        if len(tests) != len(entries):
            return None
    else:
        test = reader.one_of(node) if isinstance(node, SequenceNode) else reader.equals(node)
        if test is None:
            return None
        tests.append(test)
    if reader.failed:
        return None
    return Condition(field=name, tests=tuple(tests), line=int(key_node.start_mark.line) + 1)


class _OperandReader:
    """Reads operands for one field, checking kind, nullability and known vocabulary."""

    def __init__(
        self, source: SourceFile, what: str, spec: FieldSpec, vocabulary: Vocabulary, *, field: str
    ) -> None:
        self.source = source
        self.what = what  # how problems name the field, with the rule's context
        self.name = field
        self.spec = spec
        self.vocabulary = vocabulary
        self.failed = False

    def _problem(self, node: Node, message: str) -> None:
        self.source.problem(node, f"{self.what}: {message}")
        self.failed = True

    def check_answer_field(self, key_node: Node) -> None:
        answers = self.vocabulary.answers
        check_id = self.name[len(ANSWER_PREFIX) :]
        if answers is not None and check_id not in answers:
            if check_id in self.vocabulary.captures:
                self._problem(
                    key_node,
                    f"check '{check_id}' captures a value, which rules test through lot_present or "
                    "expiry_days_left, not as an answer",
                )
            else:
                self._problem(key_node, f"no checklist has a check '{check_id}'")

    def equals(self, node: Node) -> Comparison | None:
        value = self.value(node)
        if self.failed:
            return None
        return Comparison("eq", (value,), self.shown(node), self.words(node))

    def one_of(self, node: SequenceNode) -> Comparison | None:
        values = self.values(node)
        if values is None:
            return None
        return Comparison("in", values, msg("one of {shown}", shown=self.shown(node)), self.words(node))

    def operator(self, op: str, key_node: Node, node: Node) -> Comparison | None:
        if op not in OPERATORS:
            self._problem(key_node, f"unknown operator '{op}' (allowed: {', '.join(OPERATORS)})")
            return None
        if op in COMPARISONS:
            if self.spec.kind is not Kind.NUMBER:
                self._problem(key_node, f"'{op}' compares numbers but {self.name} is {self.spec.kind.value}")
                return None
            bound = self.source.number(node, f"{self.what}: {op}")
            if bound is None:
                self.failed = True
                return None
            return Comparison(op, (bound,), f"{COMPARISONS[op][0]} {self.shown(node)}", self.words(node))
        if op == "in":
            if not isinstance(node, SequenceNode):
                self._problem(node, "'in' takes a list, e.g. in: [a, b]")
                return None
            values = self.values(node)
            shown = msg("one of {shown}", shown=self.shown(node))
            return None if values is None else Comparison("in", values, shown, self.words(node))
        # op == "not"
        if isinstance(node, SequenceNode):
            values = self.values(node)
            shown = msg("none of {shown}", shown=self.shown(node))
            return None if values is None else Comparison("not", values, shown, self.words(node))
        value = self.value(node)
        return (
            None if self.failed else Comparison("not", (value,), f"not {self.shown(node)}", self.words(node))
        )

    def values(self, node: SequenceNode) -> tuple[Value, ...] | None:
        if not node.value:
            self._problem(node, "the list is empty")
            return None
        values = []
        for item in node.value:
            if isinstance(item, SequenceNode | MappingNode):
                self._problem(item, "a list item must be a single value")
                continue
            values.append(self.value(item))
        return None if self.failed else tuple(values)

    def value(self, node: Node) -> Value:
        what = self.what
        if self.source.is_null(node):
            if not self.spec.nullable:
                self._problem(node, "null never matches: this fact is always known")
            return None
        if self.spec.kind is Kind.NUMBER:
            number = self.source.number(node, what)
            if number is None:
                self.failed = True
            return number
        if self.spec.kind is Kind.BOOL:
            flag = self.source.boolean(node, what)
            if flag is None:
                self.failed = True
            return flag
        text = self.source.text(node, what)
        if text is None:
            self.failed = True
            return None
        self.check_vocabulary(node, text)
        return text.casefold()

    def check_vocabulary(self, node: Node, text: str) -> None:
        known: Collection[str] | None = None
        if self.name.startswith(ANSWER_PREFIX) and self.vocabulary.answers is not None:
            known = self.vocabulary.answers.get(self.name[len(ANSWER_PREFIX) :])
        elif self.name == "grade":
            known = self.vocabulary.grades
        elif self.name == "packaging":
            known = self.vocabulary.packagings
        elif self.name == "reason":
            known = self.vocabulary.reasons
        elif self.name == "site":
            known = self.vocabulary.sites
        elif self.name == "market":
            known = self.vocabulary.markets
        if known is not None and text.casefold() not in {k.casefold() for k in known}:
            self._problem(node, f"'{text}' is not a known value (expected one of {', '.join(sorted(known))})")

    def words(self, node: Node) -> tuple[str, ...]:
        """Each operand as written in the file ("null" for null), for plain words on screen."""
        if isinstance(node, SequenceNode):
            return tuple(w for item in node.value for w in self.words(item))
        return (self.shown(node),)

    def shown(self, node: Node) -> str:
        if isinstance(node, SequenceNode):
            return ", ".join(self.shown(item) for item in node.value)
        if isinstance(node, ScalarNode):
            return "null" if self.source.is_null(node) else str(node.value)
        return "?"
