"""The published hooks, driven by the real pre-commit against a temporary content repository.

pre-commit installs this repository (a temporary git commit of the working tree as it is now)
into its own virtualenv, from the package registry only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIRTY = "Talks in Kiev.\n\nSource: News Agencies\n"
CLEAN = "Talks in Kyiv.\n\nSource: News Agencies\n"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]


def git(cwd, *args) -> str:
    result = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                             "-c", "commit.gpgsign=false", *args],
                            cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A git repository holding the working tree's files as they are now, committed."""
    repo = tmp_path_factory.mktemp("newslint-hooks")
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot")
    return repo, git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def content_repo(tmp_path, hook_repo, hook_id, article) -> Path:
    repo_path, rev = hook_repo
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path}\n    rev: {rev}\n    hooks:\n      - id: {hook_id}\n")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(article)
    (tmp_path / "notes.py").write_text("print('Kiev')\n")  # not an article: the hook skips it
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    return tmp_path


def pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo,
                          capture_output=True, text=True, env=environment, timeout=900)


def test_dirty_article_fails_with_its_position(tmp_path, hook_repo, pre_commit_home):
    result = pre_commit(content_repo(tmp_path, hook_repo, "newslint", DIRTY), pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "newslint" in result.stdout and "Failed" in result.stdout
    assert ('news/story.txt:1:10: error [names.spelling] "Kiev" is spelt "Kyiv" in house style'
            in result.stdout)
    assert "notes.py" not in result.stdout


def test_clean_article_passes(tmp_path, hook_repo, pre_commit_home):
    result = pre_commit(content_repo(tmp_path, hook_repo, "newslint", CLEAN), pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_fix_hook_rewrites_the_article(tmp_path, hook_repo, pre_commit_home):
    probe = subprocess.run([sys.executable, "-m", "newslint", "fix", "--help"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("newslint fix not available")
    repo = content_repo(tmp_path, hook_repo, "newslint-fix", DIRTY)
    result = pre_commit(repo, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr  # files changed: the commit stops
    assert (repo / "news" / "story.txt").read_text() == CLEAN
    assert pre_commit(repo, pre_commit_home).returncode == 0


def test_a_baseline_in_the_hook_args_passes_published_copy_and_fails_new(
        tmp_path, hook_repo, pre_commit_home):
    repo = content_repo(tmp_path, hook_repo, "newslint", DIRTY)
    config = repo / ".pre-commit-config.yaml"
    config.write_text(config.read_text() + "        args: [--baseline, .newslint-baseline.json]\n")
    subprocess.run([sys.executable, "-m", "newslint", "baseline", "news"], cwd=repo, check=True,
                   capture_output=True)
    git(repo, "add", "-A")
    result = pre_commit(repo, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    (repo / "news" / "story.txt").write_text("Talks in Kiev.\n\nCalm in Odessa.\n\n"
                                             "Source: News Agencies\n")
    result = pre_commit(repo, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ('news/story.txt:3:9: error [names.spelling] "Odessa" is spelt "Odesa" in house style'
            in result.stdout)
    assert "Kiev" not in result.stdout
