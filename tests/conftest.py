import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The compiled-ruleset cache is exercised, but never in the user's home folder.
os.environ["NEWSLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="newslint-test-cache-")
os.environ.pop("NEWSLINT_NO_CACHE", None)

import pytest


@pytest.fixture(autouse=True)
def _not_on_github_actions(monkeypatch):
    """Tests expect the default text format, also when the suite itself runs on GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
