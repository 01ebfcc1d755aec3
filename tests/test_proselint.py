"""The proselint kind: proselint's own examples pass and fail the same through newslint."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile

import pytest
from helpers import lint_text

from newslint.cli import main

VERSION = "0.16.0"


@pytest.fixture(scope="session")
def proselint_examples(request):
    """``tests/examples.py`` from the proselint sdist: (module, should_fail, should_pass) rows.

    ``--no-binary proselint`` rather than ``:all:``: the latter would also build proselint's
    build backend (uv_build) from source, which needs a Rust toolchain.
    """
    cache = request.config.cache.mkdir("proselint-sdist")
    archive = cache / f"proselint-{VERSION}.tar.gz"
    if not archive.is_file():
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             "proselint", f"proselint=={VERSION}", "--dest", str(cache)],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0 or not archive.is_file():
            pytest.skip(f"cannot fetch the proselint {VERSION} sdist from the package index: "
                        f"{result.stderr.strip().splitlines()[-1:] or 'no archive'}")
    target = cache / "examples.py"
    if not target.is_file():
        with tarfile.open(archive) as tar:
            member = tar.extractfile(f"proselint-{VERSION}/tests/examples.py")
            target.write_bytes(member.read())
    spec = importlib.util.spec_from_file_location("proselint_examples", target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.data


def _ruleset_for(tmp_path, module: str):
    path = tmp_path / f"{module}.yaml"
    path.write_text("rules:\n  proselint.example:\n    kind: proselint\n    segments: [body]\n"
                    f"    options: {{checks: [{module}]}}\n", encoding="utf-8")
    return str(path)


@pytest.mark.slow
def test_proselint_examples_agree(proselint_examples, tmp_path):
    disagreements = []
    for module, should_fail, should_pass in proselint_examples:
        ruleset = _ruleset_for(tmp_path, module)
        for text in should_fail:
            if not lint_text(text, ruleset, segment_kind="body"):
                disagreements.append(f"{module}: missed {text!r}")
        for text in should_pass:
            if lint_text(text, ruleset, segment_kind="body"):
                disagreements.append(f"{module}: flagged {text!r}")
    assert disagreements == []
    assert len(proselint_examples) > 50


def test_positions_are_newslint_columns_after_a_line_separator():
    # proselint counts U+2028 as a line break; newslint, like editors and git, does not.
    text = "Kyiv talks\n\nA standfirst.\n\nOne\u2028line, and the the end.\n\nSource: News Agencies"
    findings = lint_text(text, "proselint", ["proselint.lexical-illusions"])
    assert [(f.line, f.column, f.match) for f in findings] == [(5, 15, "the the")]


def test_first_character_of_a_segment(tmp_path):
    findings = lint_text("But the the point stands.", "proselint", ["proselint.lexical-illusions"],
                         segment_kind="body")
    assert [(f.column, f.end_column) for f in findings] == [(5, 12)]


def test_empty_text_is_no_error():
    assert lint_text("", "proselint") == []


def test_unknown_check_path_names_the_ruleset_line(tmp_path, capsys):
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text("rules:\n  proselint.typo:\n    kind: proselint\n"
                       "    options: {checks: [typography.nonesuch]}\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Text.\n", encoding="utf-8")
    assert main(["check", "--ruleset", str(ruleset), str(article)]) == 2
    assert capsys.readouterr().err == (
        f"newslint: {ruleset}:2: rule 'proselint.typo': proselint has no check 'typography.nonesuch'\n"
    )


def test_select_a_family(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The long and winding road... Paris in the the springtime.\n", encoding="utf-8")
    assert main(["check", "--ruleset", "proselint", "--select", "proselint.typography",
                 "--format", "json", str(article)]) == 1
    import json

    findings = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["column"], f["match"]) for f in findings] == [
        ("proselint.typography", 26, "...")]


def test_proselint_is_imported_only_when_a_proselint_rule_runs():
    code = ("import sys; from newslint.ruleset import load_ruleset; load_ruleset('house'); "
            "load_ruleset('proselint'); print('proselint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_finding_runs_from_one_segment_into_the_next():
    text = "Asian quake hits European shares\n\nShares fell.\n\nShares fell in the the morning.\n\nSource: AP"
    findings = lint_text(text, "proselint", ["proselint.lexical-illusions"])
    assert [(f.line, f.column, f.match) for f in findings] == [(5, 16, "the the")]
