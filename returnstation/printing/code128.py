"""One Code 128 encoder for both outputs, so the PDF bars and the ZPL field data are the same symbol.

Why our own subset planning: reportlab's `Code128` drops a digit when FNC1 is followed by an odd run of
digits (seen with GS1 data such as ...FNC1 21 5400...), python-barcode drops a leading "99", and ZPL
needs explicit invocation codes anyway. The plan below picks subsets B and C with a shortest-path search
(fewest symbols), and is rendered two ways:

* `values`: Code 128 symbol values (start, data, check, stop) that reportlab draws bar by bar;
* `zpl_field_data`: the same values written with ZPL II ^BC invocation codes (mode N), per the ZPL II
  Programming Guide table "Code 128 Invocation Characters": >: start B, >; start C, >5 code C,
  >6 code B (from C), >8 FNC1, and in subset B >0 for '>', >< for '^', >= for '~'.

Only printable ASCII (space to '~') and FNC1 are supported: that covers item codes, RMA numbers, SKUs
and GS1 data; control characters would need subset A and have no place on a label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FNC1 = "\x1d"  # GS in the input marks an FNC1 (GS1 separator), the way scanners transmit it

START_B, START_C, CODE_C, CODE_B, FNC1_VALUE, STOP = 104, 105, 99, 100, 102, 106
_ZPL_B_ESCAPES = {">": ">0", "^": "><", "~": ">="}

Subset = Literal["B", "C"]
State = tuple[int, Subset]
SUBSETS: tuple[Subset, Subset] = ("B", "C")
OTHER: dict[Subset, Subset] = {"B": "C", "C": "B"}


@dataclass(frozen=True)
class Code128Symbol:
    values: tuple[int, ...]  # start .. check digit, then STOP
    zpl_field_data: str

    @property
    def width_modules(self) -> int:
        """Symbol width without quiet zones: 11 modules per symbol character, 13 for the stop."""
        return 11 * (len(self.values) - 1) + 13


def is_code128_text(text: str) -> bool:
    return all(" " <= ch <= "~" for ch in text)


def encode_code128(data: str, *, gs1: bool = False) -> Code128Symbol:
    """Encode printable ASCII; with `gs1`, FNC1 leads the symbol and each GS in `data` becomes FNC1."""
    if not data:
        raise ValueError("Code 128 needs at least one character")
    bad = sorted({ch for ch in data if not (" " <= ch <= "~" or (gs1 and ch == FNC1))})
    if bad:
        raise ValueError(f"Code 128 cannot encode {', '.join(map(repr, bad))} in {data!r}")
    tokens = ([FNC1] if gs1 else []) + list(data)
    steps = _plan(tokens)
    values: list[int] = []
    zpl: list[str] = []
    for step, payload in steps:
        if step == "start":
            values.append(START_B if payload == "B" else START_C)
            zpl.append(">:" if payload == "B" else ">;")
        elif step == "switch":
            values.append(CODE_B if payload == "B" else CODE_C)
            zpl.append(">6" if payload == "B" else ">5")
        elif step == "fnc1":
            values.append(FNC1_VALUE)
            zpl.append(">8")
        elif step == "pair":
            values.append(int(payload))
            zpl.append(payload)
        else:
            values.append(ord(payload) - 32)
            zpl.append(_ZPL_B_ESCAPES.get(payload, payload))
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    return Code128Symbol(values=(*values, check, STOP), zpl_field_data="".join(zpl))


def _plan(tokens: list[str]) -> list[tuple[str, str]]:
    """Fewest-symbols path over (position, subset); ties keep subset B, which scanners handle best."""
    n = len(tokens)
    inf = 10**9
    cost: dict[State, int] = {(0, "B"): 1, (0, "C"): 1}
    back: dict[State, tuple[State | None, str, str]] = {
        (0, "B"): (None, "start", "B"),
        (0, "C"): (None, "start", "C"),
    }

    def relax(state: State, new_cost: int, prev: State, step: str, payload: str) -> None:
        if new_cost < cost.get(state, inf):
            cost[state] = new_cost
            back[state] = (prev, step, payload)

    for i in range(n + 1):
        for here in SUBSETS:
            if (i, here) in cost and i > 0:
                there = OTHER[here]
                relax((i, there), cost[(i, here)] + 1, (i, here), "switch", there)
        if i == n:
            break
        token = tokens[i]
        for subset in SUBSETS:
            state = (i, subset)
            if state not in cost:
                continue
            if token == FNC1:
                relax((i + 1, subset), cost[state] + 1, state, "fnc1", token)
            elif subset == "B":
                relax((i + 1, "B"), cost[state] + 1, state, "char", token)
            elif token.isdigit() and i + 1 < n and tokens[i + 1].isdigit():
                relax((i + 2, "C"), cost[state] + 1, state, "pair", token + tokens[i + 1])

    ends: tuple[State, State] = ((n, "B"), (n, "C"))
    end = min(ends, key=lambda s: cost.get(s, inf))  # B comes first, so it wins ties
    steps: list[tuple[str, str]] = []
    cursor: State | None = end
    while cursor is not None:
        prev, step, payload = back[cursor]
        steps.append((step, payload))
        cursor = prev
    steps.reverse()
    return steps
