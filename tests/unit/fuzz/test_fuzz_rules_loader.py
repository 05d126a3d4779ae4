"""Any file as a rules file: the loader answers with a RuleSet or a ConfigError, never anything else.

A supervisor edits the rules in a text editor, so the loader sees every kind of half-finished file:
random bytes, random YAML documents, rule-shaped documents with wrong values, the shipped file with a
line dropped, doubled or garbled, and the YAML tricks (aliases, recursion, tags) that crash naive code.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fuzz_strategies import fuzz_settings, hostile_text
from hypothesis import example, given
from hypothesis import strategies as st

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.rules import RuleSet, default_rules_path, load_rules

CHECKLISTS = load_checklists(default_checklists_dir())
REASONS = load_reasons()
SHIPPED = default_rules_path().read_text(encoding="utf-8")
SHIPPED_LINES = SHIPPED.splitlines(keepends=True)
FAST = fuzz_settings(30, 80)

YAML_TRICKS = (
    "",
    "---\n...\n",
    "rules:\n",
    "rules: []\n",
    "rules: null\n",
    "rules: {}\n",
    "rules: &r [*r]\n",  # a list that contains itself
    "rules:\n  - &x {id: a, when: *x, disposition: restock, destination: A, reason: r}\n",
    # aliases nested three deep ("billion laughs"): must not be expanded
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "rules: [*b, *b, *b, *b]\n",
    "rules: !!python/object/apply:os.system ['echo pwned']\n",
    "rules: !!binary aGVsbG8=\n",
    "rules:\n  - id: x\n    disposition: !!float nan\n    destination: .inf\n    reason: ~\n",
    "rules:\n  - {id: a, id: b, disposition: restock, destination: A, reason: r}\n",
    "? [complex, key]\n: value\nrules: []\n",
    'rules:\n- id: "\\ud800"\n  disposition: restock\n  destination: X\n  reason: r\n',
    "title: " + "x" * 100_000 + "\nrules: []\n",
    "rules:\n" + "  - id: r\n    disposition: restock\n    destination: X\n    reason: r\n" * 200,
    "%YAML 9.9\n---\nrules: []\n",
    "\t rules: []\n",
    "rules: [\n",
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["restock", "refurbish", "scrap", "A", "B", "C", "electronics", "no_longer_wanted"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=12), st.sampled_from(["rules", "title", "when"])), inner, max_size=4
        ),
    ),
    max_leaves=20,
)
CONDITION_KEYS = [
    "category",
    "grade",
    "reason",
    "sku",
    "unit_value",
    "answer.physical",
    "answer.x",
    "days",
    "bogus",
]
rule_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=12), st.sampled_from(["a", "b", "catch-all"])),
        "when": st.one_of(
            st.dictionaries(st.sampled_from(CONDITION_KEYS), documents, max_size=3),
            documents,
        ),
        "disposition": st.one_of(
            st.sampled_from(["restock", "refurbish", "scrap", "recycle", "nope"]), scalars
        ),
        "destination": scalars,
        "reason": scalars,
        "extra": scalars,
    },
)
rules_files = st.fixed_dictionaries(
    {"rules": st.lists(rule_like, max_size=4)}, optional={"title": scalars, "other": documents}
)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="rs-fuzz-rules-") as d:
        yield Path(d)


def load(workdir: Path, content: bytes | str, *, with_vocabulary: bool) -> None:
    path = workdir / "rules.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    try:
        if with_vocabulary:
            rules = load_rules(path, checklists=CHECKLISTS, reasons=REASONS)
        else:
            rules = load_rules(path)
    except ConfigError as exc:
        assert exc.problems, "a ConfigError must say what is wrong"
        assert all(p.startswith(f"{path}:") for p in exc.problems), exc.problems
        str(exc)
        return
    assert isinstance(rules, RuleSet) and rules.rules and rules.rules[-1].is_catch_all


@pytest.mark.parametrize("content", YAML_TRICKS)
def test_yaml_tricks(workdir: Path, content: str) -> None:
    load(workdir, content, with_vocabulary=True)


@FAST
@given(raw=st.one_of(st.binary(max_size=400), hostile_text()), vocab=st.booleans())
def test_random_bytes_and_text(workdir: Path, raw: bytes | str, vocab: bool) -> None:
    load(workdir, raw, with_vocabulary=vocab)


@FAST
@given(doc=st.one_of(documents, rules_files), vocab=st.booleans())
@example(doc={"rules": [{"id": "x", "when": {"grade": float("nan")}, "disposition": "restock"}]}, vocab=True)
def test_random_yaml_documents(workdir: Path, doc: object, vocab: bool) -> None:
    load(workdir, yaml.safe_dump(doc, allow_unicode=True), with_vocabulary=vocab)


@FAST
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    edits=st.integers(min_value=1, max_value=4),
    junk=hostile_text(),
)
def test_shipped_file_with_random_edits(workdir: Path, seed: int, edits: int, junk: str) -> None:
    """Typical editing accidents: a line lost, doubled, cut short, or garbage pasted in."""
    rnd = random.Random(seed)
    lines = list(SHIPPED_LINES)
    for _ in range(edits):
        i = rnd.randrange(len(lines))
        action = rnd.choice(["drop", "double", "cut", "junk", "indent", "swap"])
        if action == "drop":
            del lines[i]
        elif action == "double":
            lines.insert(i, lines[i])
        elif action == "cut":
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)] + "\n"
        elif action == "junk":
            lines[i] = junk.replace("\x00", "") + "\n"
        elif action == "indent":
            lines[i] = " " * rnd.randrange(1, 5) + lines[i]
        else:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    load(workdir, "".join(lines), with_vocabulary=True)
