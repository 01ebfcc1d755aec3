"""`--select` and `--ignore` on the command line are checked as a config's are: a name that is
no rule or family of the configs in play is a usage error (exit 2) with the closest names."""

from __future__ import annotations

from helpers import house_families

from newslint.cli import main

STORY = "Talks\n\nTalks in Kiev on Feb. 28, 2024.\n"


def run(capsys, monkeypatch, cwd, *argv):
    monkeypatch.chdir(cwd)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def unknown(name: str, option: str, hint: str, families: str) -> str:
    return (f"newslint: unknown rule or family {name!r} in {option}; {hint}families: {families} "
            "(`newslint rules` lists the rules)\n")


def test_a_mistyped_family_or_rule_is_exit_2_with_did_you_mean(capsys, monkeypatch, tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    assert run(capsys, monkeypatch, tmp_path, "check", "--ignore", "nams", "story.txt") == (
        2, "", unknown("nams", "--ignore", "did you mean names? ", house_families()))
    assert run(capsys, monkeypatch, tmp_path, "check", "--select", "names,dates.formt",
               "story.txt") == (
        2, "", unknown("dates.formt", "--select", "did you mean dates.format, dates? ",
                       house_families()))
    assert run(capsys, monkeypatch, tmp_path, "fix", "--select", "zzqx", "story.txt") == (
        2, "", unknown("zzqx", "--select", "", house_families()))
    assert (tmp_path / "story.txt").read_text(encoding="utf-8") == STORY  # nothing fixed


def test_names_are_checked_against_the_ruleset_in_use(capsys, monkeypatch, tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    ap_families = ("captions, compliance, consistency, dates, headline, names, references, "
                   "spelling, style, titles")
    assert run(capsys, monkeypatch, tmp_path, "check", "--ruleset", "ap", "--select",
               "style.straight-quotes", "story.txt") == (
        2, "", unknown("style.straight-quotes", "--select", "", ap_families))


def test_good_names_pass_including_rules_a_config_adds(capsys, monkeypatch, tmp_path):
    (tmp_path / ".git").mkdir()
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / ".newslint.yaml").write_text(
        "rules:\n  names.ours:\n    kind: substitution\n"
        "    options: {terms: {Navalny: Navalnyy}}\n",
        encoding="utf-8")
    (desk / "story.txt").write_text("Talks\n\nNavalny spoke.\n", encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, tmp_path, "check", "--select", "names.ours",
                         "--ignore", "dates.,proselint", "desk/story.txt")
    assert (code, err) == (1, "")
    assert out.startswith('desk/story.txt:3:1: warning [names.ours] "Navalny" is spelt "Navalnyy"')
