"""newslint show: the parts each file was read into and what was skipped, the effective
configuration (--config), and `rules`/`explain` following the config of the current folder."""

from __future__ import annotations

import json

from newslint.cli import main

ARTICLE = ("<!-- newslint-disable-next-line names -- the old name, as printed -->\n"
           "Kiev talks resume\n\n"
           "A standfirst sentence.\n\n"
           "Officials in Kyiv said so.\n\n"
           "Source: News Agencies\n")


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_show_lists_parts_and_skipped_markup_in_file_order(capsys, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0
    assert out == (
        f"{path} (txt, utf-8)\n"
        "  skipped     1:1-1:70  suppression directive: <!-- newslint-disable-next-line names -- "
        "the old name, as printed -->\n"
        "  headline    2:1-2:18  Kiev talks resume\n"
        "  standfirst  4:1-4:23  A standfirst sentence.\n"
        "  body        6:1-6:27  Officials in Kyiv said so.\n"
        "  source      8:1-8:22  Source: News Agencies\n")


def test_show_json_gives_positions_as_check_does(capsys, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE.replace("Kyiv", "Kiev"), encoding="utf-8")
    code, out, _ = run(capsys, "show", "--format", "json", str(path))
    (record,) = json.loads(out)
    assert (record["path"], record["format"], record["encoding"]) == (str(path), "txt", "utf-8")
    assert record["parts"][2] == {"kind": "body", "line": 6, "column": 1, "end_line": 6,
                                  "end_column": 27, "text": "Officials in Kiev said so."}
    assert record["skipped"] == [{"reason": "suppression directive", "line": 1, "column": 1,
                                  "end_line": 1, "end_column": 70, "text": ARTICLE.splitlines()[0]}]
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "names", str(path))
    finding = json.loads(out)[0]
    assert (finding["line"], finding["column"]) == (6, 14)


def test_show_config_names_the_config_file_and_where_each_rule_comes_from(
        capsys, tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".newslint.yaml"
    config.write_text("extends: house\nrules:\n  captions.too-long:\n    severity: off\n"
                      "  names.ours:\n    kind: substitution\n    severity: warning\n"
                      "    options:\n      terms:\n        Navalny: Navalnyy\n", encoding="utf-8")
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "show", "--config", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [str(path), f"  config: {config}", f"  root: {tmp_path}"]
    assert "captions.too-long" not in out
    assert any(line.split() == ["names.ours", "warning", f"{config}:5"] for line in lines)
    code, out, _ = run(capsys, "show", "--config", "--format", "json", str(path))
    (record,) = json.loads(out)
    assert record["config"] == str(config)
    assert {"id": "names.ours", "kind": "substitution", "severity": "warning"}.items() <= next(
        r for r in record["rules"] if r["id"] == "names.ours").items()

    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "explain", "names.ours")
    assert code == 0 and out.startswith("names.ours (substitution, warning)\n")
    code, out, _ = run(capsys, "rules")
    assert "names.ours" in out and "captions.too-long" not in out


def test_show_of_a_file_it_cannot_read_says_why_and_goes_on(capsys, tmp_path):
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x00\x01binary")
    good = tmp_path / "b.txt"
    good.write_text("Just a body paragraph.\n", encoding="utf-8")
    code, out, err = run(capsys, "show", str(binary), str(good))
    assert code == 2
    assert err.startswith(f"newslint: {binary}")
    assert out == f"{good} (txt, utf-8)\n  body  1:1-1:23  Just a body paragraph.\n"
