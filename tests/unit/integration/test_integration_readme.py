"""The receiver-side signature check printed in the README verifies what the station signs."""

from __future__ import annotations

import re
from pathlib import Path

from returnstation.integration.signing import sign

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_verify_example_accepts_our_signature_and_rejects_tampering() -> None:
    section = README.read_text(encoding="utf-8").split("## Connecting to the order system", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "README", "exec"), namespace)
    verify = namespace["verify"]
    body = b'{"type":"item.dispositioned"}'
    assert verify("k", body, sign("k", body)) is True  # type: ignore[operator]
    assert verify("k", body + b" ", sign("k", body)) is False  # type: ignore[operator]
    assert verify("other", body, sign("k", body)) is False  # type: ignore[operator]
