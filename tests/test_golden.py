"""Every fixture's findings, byte for byte, against its golden file."""

import pytest
from golden import golden_pairs, render

PAIRS = list(golden_pairs())


def test_there_are_golden_files():
    assert len(PAIRS) >= 8


@pytest.mark.parametrize(("article", "ruleset", "expected"), PAIRS,
                         ids=[f"{p[0].name}@{p[1]}" for p in PAIRS])
def test_golden(article, ruleset, expected):
    code, output = render(article, ruleset)
    assert output == expected.read_text(encoding="utf-8")
    # Exit 1 for findings at or above the default --fail-on (warning): suggestions never fail.
    failing = any(f": {severity} [" in output for severity in ("error", "warning"))
    assert code == (1 if ruleset != "show" and failing else 0)
