"""bench/lsp_latency.py runs (a few changes, a few edits): a bench script must not rot. No
timing is asserted; the numbers are for people (see the script)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT

pytestmark = pytest.mark.slow


def test_lsp_latency_runs_and_reports_every_measurement():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "lsp_latency.py"), "--changes",
                             "3", "--edits", "20", "--check-runs", "1"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("article: 15") and lines[0].endswith(" characters")
    assert [line.partition(" median ")[0].rstrip() for line in lines[1:4]] == [
        "newslint check (a new process)", "change -> diagnostics, debounced",
        "change -> diagnostics, no wait"]
    assert lines[4].startswith("ratio to check (medians): debounced ")
    assert ", no wait " in lines[4]
    assert [line.split()[0] for line in lines[6:]] == ["0", "2", "5", "10", "20"]
