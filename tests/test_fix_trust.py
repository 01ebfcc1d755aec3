"""What `fix` promises beyond applying fixes: it touches only what `check` reports (suppressions
and changed lines bind it), directive comments are markup in every format, contradicting rules
are named before anything is written, and a round that breaks the fix invariant is refused."""

from __future__ import annotations

import json
import subprocess

import pytest
from helpers import FIXTURES

from newslint.cli import main
from newslint.config.ruleset import Ruleset
from newslint.errors import NewslintError
from newslint.findings import Edit, Fix, Violation
from newslint.fixer import FixBug, fix_document
from newslint.readers import read
from newslint.rules import Rule


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


NEXT_LINE = "newslint-disable-next-line names.spelling -- quoted as printed"

# The same article in every format: a suppressed "Kiev" (next-line), one inside a
# disable/enable block, and one that is reported and fixed.
SUPPRESSED = {
    "txt": ("Talks resume in Kyiv\n\nA standfirst sentence.\n\n"
            f"<!-- {NEXT_LINE} -->\nThe map is labelled Kiev.\n\n"
            "<!-- newslint-disable names -->\nThe old sign read Kiev.\n"
            "<!-- newslint-enable names -->\n\n"
            "Officials in Kiev said so.\n\nSource: News Agencies\n"),
    "md": ("# Talks resume in Kyiv\n\nA standfirst sentence.\n\n"
           f"<!-- {NEXT_LINE} -->\nThe map is labelled Kiev.\n\n"
           "<!-- newslint-disable names -->\n\nThe old sign read Kiev.\n\n"
           "<!-- newslint-enable names -->\n\n"
           "Officials in Kiev said so.\n\nSource: News Agencies\n"),
    "html": ("<html><body><h1>Talks resume in Kyiv</h1>\n<p>A standfirst sentence.</p>\n"
             f"<!-- {NEXT_LINE} -->\n<p>The map is labelled Kiev.</p>\n"
             "<!-- newslint-disable names -->\n<p>The old sign read Kiev.</p>\n"
             "<!-- newslint-enable names -->\n"
             "<p>Officials in Kiev said so.</p>\n<p>Source: News Agencies</p>\n</body></html>\n"),
    "xml": ('<?xml version="1.0" encoding="UTF-8"?>\n'
            "<nitf><body><body.head><hedline><hl1>Talks resume in Kyiv"
            "</hl1></hedline></body.head><body.content>\n"
            # XML forbids "--" inside a comment, so no " -- reason" here.
            "<!-- newslint-disable-next-line names.spelling -->\n<p>The map is labelled Kiev.</p>\n"
            "<!-- newslint-disable names -->\n<p>The old sign read Kiev.</p>\n"
            "<!-- newslint-enable names -->\n"
            "<p>Officials in Kiev said so.</p>\n<p>Source: News Agencies</p>\n"
            "</body.content></body></nitf>\n"),
}


@pytest.mark.parametrize("fmt", sorted(SUPPRESSED))
def test_fix_leaves_what_check_suppresses(capsys, tmp_path, fmt):
    text = SUPPRESSED[fmt]
    path = tmp_path / f"story.{fmt}"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "names", str(path))
    reported = json.loads(out)
    assert [(f["rule"], f["match"]) for f in reported] == [("names.spelling", "Kiev")]
    line = reported[0]["line"]
    assert text.splitlines()[line - 1].strip().removeprefix("<p>").startswith("Officials in Kiev")

    code, _, err = run(capsys, "fix", "--select", "names", str(path))
    assert (code, err) == (0, f"newslint: {path}: applied 1 fix\n")
    assert path.read_text(encoding="utf-8") == text.replace("Officials in Kiev",
                                                            "Officials in Kyiv")


def test_fix_diff_leaves_what_check_suppresses(capsys, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(SUPPRESSED["txt"], encoding="utf-8")
    code, out, _ = run(capsys, "fix", "--diff", "--select", "names", str(path))
    assert code == 1
    assert [line for line in out.splitlines()
            if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-Officials in Kiev said so.", "+Officials in Kyiv said so."]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_plain_text_directive_lines_are_markup_not_text(capsys, tmp_path, newline):
    text = ("<!-- newslint-disable-next-line names.spelling -- a headline quoting the old name"
            " -->\nKiev talks resume\n\n"
            "A standfirst sentence.\n\n"
            "Officials said so -- and more.\n\n"
            "Source: News Agencies\n"
            "<!-- newslint-disable-next-line style.dash -->\n").replace("\n", newline)
    document = read(text.encode(), "story.txt", "txt")
    assert [(s.kind, s.text) for s in document.segments] == [
        ("headline", "Kiev talks resume"), ("standfirst", "A standfirst sentence."),
        ("body", "Officials said so -- and more."), ("source", "Source: News Agencies")]
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode())
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    assert [(f["rule"], f["line"], f["column"]) for f in json.loads(out)] == [("style.dash", 6, 18)]
    code, _, _ = run(capsys, "fix", str(path))
    assert path.read_bytes().decode() == text.replace("so -- and", "so – and")


def test_fix_touches_only_changed_lines_with_diff_base(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    path = tmp_path / "story.txt"
    path.write_text("Old text from Kiev.\n", encoding="utf-8")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)
    path.write_text("Old text from Kiev.\n\nNew text from Kiev.\n", encoding="utf-8")
    code, _, _ = run(capsys, "fix", "--diff-base", "HEAD", "--select", "names", "story.txt")
    assert path.read_text(encoding="utf-8") == "Old text from Kiev.\n\nNew text from Kyiv.\n"


CONTRADICTING = """extends: house
rules:
  names.our-spelling:
    kind: substitution
    severity: error
    options:
      terms:
        Zelenskyy: Zelensky
"""


def test_contradicting_rules_are_named_with_their_lines_and_nothing_is_written(capsys, tmp_path):
    ruleset = tmp_path / "ours.yaml"
    ruleset.write_text(CONTRADICTING, encoding="utf-8")
    path = tmp_path / "story.txt"
    text = "President Zelensky spoke.\n"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "fix", "--ruleset", str(ruleset), "--select", "names", str(path))
    assert code == 2
    assert err.startswith(f"newslint: {path}: rules contradict each other: names.spelling (")
    assert f"and names.our-spelling ({ruleset}:3)" in err
    assert "house.yaml:" in err and "nothing written" in err
    assert path.read_text(encoding="utf-8") == text


class _OutsideItsSpan(Rule):
    """Test rule: reports "Kiev" but its fix also rewrites the word before it."""

    kind = "test-outside"
    fixable = True

    def check_segment(self, segment, document):
        index = segment.text.find("Kiev")
        if index >= 0:
            fix = Fix((Edit(0, index + 4, "Kyiv"),), "safe", "", "Kyiv")
            yield Violation(segment, index, index + 4, "Kiev", fix)


class _RewritesItself(Rule):
    """Test rule: flags every "a" and "fixes" it to "aa", which it flags again."""

    kind = "test-self"
    fixable = True

    def check_segment(self, segment, document):
        index = segment.text.find("a")
        if index >= 0:
            yield Violation(segment, index, index + 1, "a", Fix((Edit(index, index + 1, "aa"),)))


@pytest.mark.parametrize(("rule", "message"), [
    (_OutsideItsSpan, "test.rule would edit 0-13, outside its finding at 1:11 (10-14)"),
    (_RewritesItself, "the fix of test.rule at 1:2 writes 'a', which test.rule reports again"),
])
def test_a_round_that_breaks_the_invariant_is_a_bug_and_nothing_is_kept(rule, message):
    ruleset = Ruleset("test", None, [rule("test.rule", "error", ("body",), {})])
    document = read(b"Talks in  Kiev.", "story.txt", "txt")
    with pytest.raises(FixBug) as raised:
        fix_document(document, ruleset, lambda text: read(text.encode(), "story.txt", "txt"))
    assert raised.value.exit_code == 3
    assert message in str(raised.value)
    assert isinstance(raised.value, NewslintError)


def test_fix_diff_shows_unsafe_fixes_only_when_asked(capsys, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Exports to Turkey rose.\n", encoding="utf-8")
    code, out, err = run(capsys, "fix", "--diff", "--select", "names", str(path))
    assert (code, out) == (1, "")
    assert err == f"newslint: {path}: 1 unsafe fix not shown (--unsafe-fixes shows it)\n"
    code, out, err = run(capsys, "fix", "--diff", "--unsafe-fixes", "--select", "names", str(path))
    assert (code, err) == (1, "")
    assert out == (f"--- a/{str(path).lstrip('/')}\n+++ b/{str(path).lstrip('/')}\n@@ -1 +1 @@\n"
                   "-Exports to Turkey rose.\n+Exports to Turkiye rose.\n")
    assert path.read_text(encoding="utf-8") == "Exports to Turkey rose.\n"


def test_check_with_unsafe_fixes_writes_nothing(capsys, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Exports to Turkey rose in Kiev.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--unsafe-fixes", "--select", "names", str(path))
    assert code == 1 and "Turkiye" in out
    assert path.read_text(encoding="utf-8") == "Exports to Turkey rose in Kiev.\n"


def test_the_seed_article_fixes_without_breaking_the_invariant(capsys, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_bytes((FIXTURES / "articles" / "seed-article.txt").read_bytes())
    code, _, err = run(capsys, "fix", str(path))
    assert "applied" in err and code in (0, 1)


def test_a_refused_round_is_exit_3_naming_the_file_and_the_others_are_still_fixed(capsys, tmp_path,
                                                                                  monkeypatch):
    import newslint.fixer

    real = newslint.fixer.fix_document

    def breaks_on_bad(document, *args, **kwargs):
        if document.path.endswith("bad.txt"):
            raise FixBug("style.dash would edit 0-3, outside its finding; nothing written",
                         document.path)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(newslint.fixer, "fix_document", breaks_on_bad)
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("Talks in Kiev.\n", encoding="utf-8")
    good.write_text("Talks in Kiev.\n", encoding="utf-8")
    code, _, err = run(capsys, "fix", "--select", "names", str(bad), str(good))
    assert code == 3
    assert (f"newslint: {bad}: style.dash would edit 0-3, outside its finding; nothing written\n"
            in err)
    assert bad.read_text(encoding="utf-8") == "Talks in Kiev.\n"
    assert good.read_text(encoding="utf-8") == "Talks in Kyiv.\n"


@pytest.mark.parametrize(("fmt", "text"), [
    ("md", "# Talks\n\nAid to *the* Ukraine was debated.\n"),
    ("html", "<h1>Talks</h1><p>Aid to <em>the</em> Ukraine was debated.</p>\n"),
])
def test_a_deletion_across_markup_is_offered_no_fix(capsys, tmp_path, fmt, text):
    """Deleting "the " out of "*the* Ukraine" would leave "** Ukraine": the finding stays,
    unfixed."""
    path = tmp_path / f"story.{fmt}"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "names", str(path))
    (finding,) = json.loads(out)
    assert (finding["rule"], finding["match"], finding["fix"]) == (
        "names.spelling", "the Ukraine", None)
    run(capsys, "fix", "--select", "names", str(path))
    assert path.read_text(encoding="utf-8") == text


def test_every_fix_round_reads_the_configs_front_matter_keys(capsys, tmp_path, monkeypatch):
    """The rounds after the first re-read the file as the first did: a `teaser_line:` the
    config maps to the standfirst is still the standfirst when fix reports what is left."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".newslint.yaml").write_text("front_matter:\n  teaser_line: standfirst\n",
                                             encoding="utf-8")
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: Talks resume\n"
                    'teaser_line: "One sentence here. And a second one here."\n---\n\n'
                    "Talks in Kiev went on.\n\nSource: News Agencies\n", encoding="utf-8")
    code, out, err = run(capsys, "fix", "--output-format", "concise", "story.md")
    assert err == "newslint: story.md: applied 1 fix\n"
    assert out == ("story.md:3:34: warning [standfirst.too-many-sentences] Standfirst is 2 "
                   "sentences long; at most 1\n1 problem (1 warning) in 1 of 1 file\n")


def test_a_finding_the_last_scan_hid_is_no_bug():
    """In "— —" the first dash's match takes the space the second needs, so the second is
    found only once the first is fixed: the round did reduce its rule's findings."""
    from newslint.config.ruleset import load_ruleset

    document = read("Kiev —  — Kiev\n".encode(), "p.txt", "txt")
    outcome = fix_document(document, load_ruleset("house"),
                           lambda text: read(text.encode(), "p.txt", "txt"))
    assert (outcome.fixed, outcome.settled) == ("Kyiv – – Kyiv\n", True)


def test_a_fix_that_changes_how_the_article_is_read_is_held_back(capsys, tmp_path):
    """Deleting the full stop that is a plain-text headline's only text leaves no headline: the
    next paragraph would be read as the headline. That fix is held back and stays a finding;
    the other fixes of the round are written (found by the property test, which took it for a
    contradiction between rules)."""
    story = tmp_path / "story.txt"
    story.write_text(".\n\nSept. 5 talks in\n\nOfficials in Kiev said so.\n", encoding="utf-8")
    code, out, _ = run(capsys, "fix", "--select", "headline.full-stop,names,dates",
                       "--output-format", "concise", str(story))
    assert story.read_text(encoding="utf-8") == (
        ".\n\nSeptember 5 talks in\n\nOfficials in Kyiv said so.\n")
    assert (code, out.splitlines()[0]) == (1, f"{story}:1:1: warning [headline.full-stop] "
                                              "Full stop at the end of the headline")
