"""The peers newslint is measured against, fetched from their registries into the bench cache.

- textlint 15 with textlint-rule-prh (npm), given a prh.yml of the same generated names;
- proselint 0.16 (PyPI; already a dependency of newslint, so the venv's own CLI).

Each ``*_command`` returns the argv to run, or raises ``PeerUnavailable`` saying why not, so the
bench can print the rows it could measure and name the missing peers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.corpus import CACHE

TEXTLINT_SPEC = ("textlint@15", "textlint-rule-prh")


class PeerUnavailable(RuntimeError):
    pass


def node_dir(cache: Path = CACHE) -> Path:
    return cache / "node"


def textlint_script(cache: Path = CACHE) -> Path:
    """Install textlint and textlint-rule-prh with npm (once) and return textlint's entry script."""
    folder = node_dir(cache)
    script = folder / "node_modules" / "textlint" / "bin" / "textlint.js"
    rule = folder / "node_modules" / "textlint-rule-prh"
    if script.is_file() and rule.is_dir():
        return script
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        raise PeerUnavailable("textlint: node/npm not on PATH")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                                 str(folder), *TEXTLINT_SPEC], capture_output=True, text=True,
                                timeout=600)
    except subprocess.TimeoutExpired:
        raise PeerUnavailable("textlint: npm install timed out") from None
    if result.returncode != 0 or not script.is_file() or not rule.is_dir():
        raise PeerUnavailable(f"textlint: npm install failed: {result.stderr.strip()[-300:]}")
    return script


def package_version(cache: Path, package: str) -> str:
    manifest = node_dir(cache) / "node_modules" / package / "package.json"
    try:
        return json.loads(manifest.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


# What a JavaScript regular expression with the u flag lets (and makes) one escape.
_JS_SYNTAX = re.compile(r"[\\^$.*+?()[\]{}|/]")


def prh_yaml(names: dict[str, str]) -> str:
    """A prh rules file flagging each variant and proposing its preferred form.

    Each pattern is written as a regular expression (``/Kilroy-Silk/``): prh escapes a plain
    pattern's "-" as "\\-", which its own u flag refuses, and textlint then stopped at the
    first file with an error, having checked nothing.
    """
    lines = ["version: 1", "rules:"]
    for variant, preferred in names.items():
        pattern = "/" + _JS_SYNTAX.sub(r"\\\g<0>", variant) + "/"
        lines += [f"  - expected: {json.dumps(preferred)}", f"    pattern: {json.dumps(pattern)}"]
    return "\n".join(lines) + "\n"


def textlint_command(names: dict[str, str], workdir: Path, cache: Path = CACHE) -> list[str]:
    """argv running textlint-rule-prh with ``names`` (and nothing else) on the paths appended."""
    script = textlint_script(cache)
    workdir = workdir.resolve()  # textlint reads rulePaths relative to the config's folder
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "prh.yml").write_text(prh_yaml(names), encoding="utf-8")
    config = workdir / ".textlintrc.json"
    config.write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(workdir / "prh.yml")]}}}))
    argv = [shutil.which("node") or "node", str(script), "--config", str(config),
            "--rules-base-directory", str(node_dir(cache) / "node_modules")]
    _check_reports(argv, names, workdir)
    return argv


def _check_reports(argv: list[str], names: dict[str, str], workdir: Path) -> None:
    """Raise PeerUnavailable unless textlint-prh reports every variant of ``names`` in a text
    that holds them all: a textlint that loads no rule, or stops at an error, exits 1 as it
    does with findings, and its timing would measure nothing."""
    sample = workdir / "sample.txt"
    sample.write_text("".join(f"Talks with {variant} went on.\n" for variant in names),
                      encoding="utf-8")
    result = subprocess.run([*argv, "--format", "json", str(sample)], capture_output=True,
                            text=True, timeout=600, check=False)
    try:
        messages = [m for report in json.loads(result.stdout) for m in report["messages"]
                    if m.get("ruleId") == "prh"]
    except (ValueError, KeyError, TypeError):
        messages = []
    if len(messages) != len(names):
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise PeerUnavailable(f"textlint-prh found {len(messages)} of {len(names)} names in a "
                              f"sample: {detail[0] if detail else 'no output'}")


def proselint_command() -> list[str]:
    """argv running proselint's CLI with its default checks on the paths appended."""
    exe = Path(sys.executable).parent / "proselint"
    if not exe.is_file():
        raise PeerUnavailable("proselint: no proselint CLI beside this Python")
    result = subprocess.run([str(exe), "version"], capture_output=True, text=True)
    version = result.stdout.strip().split()[-1] if result.stdout.strip() else "?"
    if not version.startswith("0.16"):
        raise PeerUnavailable(f"proselint: found {version}, the targets are for 0.16")
    return [str(exe), "check"]
