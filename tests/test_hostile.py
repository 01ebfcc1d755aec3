"""Hostile text: newslint finishes on any article, and still reports what is in it.

Each text below once made a rule quadratic, or crashed it; at these sizes the old code took
minutes (``bench/hostile.py`` times every rule on many more). Each run is a subprocess with a
generous deadline: a bound on liveness, not a speed test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.analysis import Analysis
from newslint.analysis.text import is_sentence_start, sentence_starts

DEADLINE = 60  # seconds for a whole run; these files take about a second each now

HOSTILE = {
    # is_prime searched all the text before each mark; in_non_prose_token walked the token.
    "straight-quotes.txt": '"' * 20000,
    # Each quotation opens before the last one closed (a run of marks glued together, above, is
    # no fault: every mark in it may pair with its neighbour).
    "open-quotations.txt": '"a ' * 7000,
    # sentence_starts looked for the last word in all the text before each full stop.
    "feb-dates.txt": "Feb. 28, " * 5000,
    # style.numbers sliced the text before and after every figure.
    "figure-sentences.txt": "3 people. " * 5000,
    # Every dash re-walked the one token they all belong to. (A bare run of hyphens is a rule,
    # not dashes: letters between the pairs keep each one a dash.)
    "hyphens.txt": "a--" * 7000,
    # The URL-scheme pattern re-read a long word from each of its letters.
    "long-word.txt": "a" * 60000 + "'s",
    # The caption credit pattern gave back the spaces after "]" one at a time.
    "spaces-after-bracket.txt": "[ab]" + " " * 50000 + "x",
    # "[^\]]*" read to the end of the paragraph from every unclosed "[TK".
    "open-placeholders.txt": "[TK " * 10000,
    # Each finding encoded its line up to the finding to count UTF-8 columns.
    "non-ascii-line.txt": "é' " * 5000,
    # The HTML reader recursed once per level of nesting (exit code 3 past Python's limit), and
    # each stray end tag read the whole stack of open elements.
    "deep-nesting.html": "<p>" + "<b>" * 20000 + "</i>" * 20000 + "Talks in Kiev</p>",
    # Front matter aliases share nodes, and every path through them was walked: 9 ** 9 here.
    "alias-bomb.md": "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True))
        + 'title: "Talks in Kiev"\n---\nBody.',
    # headline.title-case searched all the headline before each word.
    "title-case-headline.md": "# " + "Word " * 10000 + "\n\nBody.",
    # html.parser rescanned the rest of the file from each unterminated tag, comment or CDATA
    # section: 57, 30 and 36 seconds. A browser drops the cut-off tag and hides the rest of the
    # file in the open comment; the paragraph before them is read.
    "open-tags.html": "<p>Talks in Kiev</p>" + "<a " * 20000,
    "open-comments.html": "<p>Talks in Kiev</p>" + "<!--" * 50000,
    "open-cdata.html": "<p>Talks in Kiev</p>" + "<![CDATA[" * 100000,
    # The XML root sniffer backtracked exponentially on white space: 30 spaces took a minute.
    "spaces-before-root.xml": " " * 1000 + "<nitf><body><body.content><p>Talks in Kiev</p>"
                              "</body.content></body></nitf>",
    # expat: nesting deeper than Python recurses, and a long attribute.
    "deep-nesting.nitf": "<nitf><body><body.content><p>" + "<em>" * 100000 + "Talks in Kiev"
                         + "</em>" * 100000 + "</p></body.content></body></nitf>",
    "huge-attribute.nitf": '<nitf><body><body.content><p class="' + "x" * 200_000
                           + '">Talks in Kiev</p></body.content></body></nitf>',
    # titles.case sliced all the text before each title and tested every institution span.
    "titles.txt": "Talks with the Prime Minister ended, and prime minister Edi Rama left. " * 3000,
}

_MARKUP = ("open-tags.html", "open-comments.html", "open-cdata.html", "spaces-before-root.xml",
           "deep-nesting.nitf", "huge-attribute.nitf")
# Rules that must still report something in the file, per ruleset.
EXPECTED = {
    "house": {
        "straight-quotes.txt": {"style.straight-quotes"},
        "open-quotations.txt": {"style.straight-quotes", "style.quote-balance"},
        "feb-dates.txt": {"dates.format"},
        "figure-sentences.txt": {"style.numbers"},
        "hyphens.txt": {"style.dash"},
        "long-word.txt": {"style.straight-quotes"},
        "spaces-after-bracket.txt": {"style.double-space"},
        "open-placeholders.txt": {"compliance.placeholder"},
        "non-ascii-line.txt": {"style.straight-quotes"},
        "title-case-headline.md": {"headline.title-case"},
        "deep-nesting.html": {"names.spelling"},
        "alias-bomb.md": {"names.spelling"},
        "titles.txt": {"titles.case"},
        **{name: {"names.spelling"} for name in _MARKUP},
    },
    "ap": {
        "open-quotations.txt": {"style.quote-balance"},
        "figure-sentences.txt": {"style.numbers"},
        "hyphens.txt": {"style.dash"},
        "spaces-after-bracket.txt": {"style.double-space"},
        "open-placeholders.txt": {"compliance.placeholder"},
        "title-case-headline.md": {"headline.title-case"},
        "deep-nesting.html": {"names.spelling"},
        "alias-bomb.md": {"names.spelling"},
        **{name: {"names.spelling"} for name in _MARKUP},
    },
    "proselint": {},
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def newslint(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newslint", *args], capture_output=True,
                          text=True, timeout=DEADLINE)


@pytest.mark.parametrize("ruleset", sorted(EXPECTED))
def test_every_rule_finishes_on_hostile_text_and_reports(hostile_dir, ruleset):
    result = newslint("check", "--ruleset", ruleset, "--format", "json", str(hostile_dir))
    assert result.returncode == 1, result.stderr  # findings, not a crash (3)
    findings = json.loads(result.stdout)
    rules_by_file = {}
    for finding in findings:
        rules_by_file.setdefault(finding["path"].rsplit("/", 1)[-1], set()).add(finding["rule"])
    for name, rules in EXPECTED[ruleset].items():
        assert rules <= rules_by_file.get(name, set()), name
    if ruleset == "house":
        dashes = [f for f in findings
                  if f["path"].endswith("hyphens.txt") and f["rule"] == "style.dash"]
        # every "--" but the last, at the end, none lost: 1,000 reported, the rest counted
        assert len(dashes) == 1001
        assert dashes[-1]["message"].startswith("… and 5999 more findings of style.dash in")


def test_a_figure_of_thousands_of_digits_is_a_finding_not_a_crash(tmp_path):
    article = tmp_path / "figure.txt"
    article.write_text("1" * 5000 + " people said so.\n", encoding="utf-8")  # int() refuses it
    result = newslint("check", "--select", "style.numbers", "--format", "json", str(article))
    assert result.returncode == 1, result.stderr
    assert [f["message"][:33] for f in json.loads(result.stdout)] == [
        "Sentence starts with a figure (\"1"]


def test_front_matter_nested_too_deep_is_an_input_error_not_a_crash(tmp_path):
    article = tmp_path / "deep.md"
    article.write_text("---\nimage: " + "[" * 5000 + "]" * 5000 + "\n---\nBody.\n",
                       encoding="utf-8")
    result = newslint("check", str(article))
    assert result.returncode == 2, result.stderr  # not 3, a bug
    assert f"{article}:2: front matter nests collections deeper" in result.stderr


def test_fixing_a_paragraph_of_fixes_finishes(tmp_path):
    article = tmp_path / "kiev.txt"
    article.write_text("Kiev " * 20000 + "\n", encoding="utf-8")
    result = newslint("fix", "--diff", str(article))
    assert result.returncode == 1, result.stderr  # the source line is still missing
    changed = [line for line in result.stdout.splitlines()
               if line.startswith("+") and "Kyiv" in line]
    # Findings are capped at 1,000 per rule and file, so 10 rounds fix 10,000 of them; a
    # second run fixes the rest.
    assert changed and changed[0].count("Kyiv") == 10000
    assert ("10 rounds of fixes kept; more findings than a run reports (1,000 per rule) remain: "
            "run newslint fix again") in result.stderr


# The linear paths read backwards from an index what the definitions read forwards; these
# properties keep the two from drifting apart.
_PIECES = list(".?!…\"'”’)]“‘([ \n\tAZaz09_é") + ["Dr", "Feb", "J", "approx", "U.S", "Mr\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_is_sentence_start_agrees_with_sentence_starts(text):
    found = {i for i in range(len(text) + 1) if is_sentence_start(text, i)}
    assert found == set(sentence_starts(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("\"“”' a5(\n-"), max_size=30))
def test_quotation_spans_are_ordered_and_apart(text):
    spans = Analysis(text).quote_spans  # in_quotation bisects them
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
