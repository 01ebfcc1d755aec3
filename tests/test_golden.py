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
    clean = output.startswith("All clear: ")
    assert code == (0 if ruleset == "show" or clean else 1)
