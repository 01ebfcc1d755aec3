import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The compiled-ruleset cache is exercised, but never in the user's home folder.
os.environ["NEWSLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="newslint-test-cache-")
os.environ.pop("NEWSLINT_NO_CACHE", None)

import pytest
from hypothesis import settings

# `make test` is the same run every time, on every machine: a property test that finds a new
# counterexample at random would turn CI red on a change that did not cause it. `make fuzz`
# (NEWSLINT_FUZZ=long) explores with fresh random examples, and its finds become tests.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile("explore" if os.environ.get("NEWSLINT_FUZZ") == "long" else "repeatable")


@pytest.fixture(autouse=True)
def _not_on_github_actions(monkeypatch):
    """Tests expect the default text format, also when the suite itself runs on GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
