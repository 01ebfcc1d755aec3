"""The CI integrations as shipped: the GitHub Action's shell steps and the GitLab CI example in
docs/ci.md run here, on a real git repository, with the installed newslint.

What cannot run here is left out and named: installing newslint (it is installed), fetching
the target branch (there is no remote; a local ref stands in) and the SARIF upload action.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = str(Path(sys.executable).parent)
CLEAN = "Kyiv talks\n\nLeaders met in Kyiv on Monday.\n\nSource: News Agencies\n"
DIRTY = "Kyiv talks\n\nLeaders met in Kyiv on Monday.\n\nThey flew on to Kiev.\n\nSource: News Agencies\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def content_repository(tmp_path: Path) -> Path:
    """A repository whose target branch has a clean article, and a merge request that adds a
    paragraph with "Kiev" to it."""
    repo = tmp_path / "content"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "story.txt").write_text(CLEAN)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "clean")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "story.txt").write_text(DIRTY)
    git(repo, "commit", "-q", "-am", "dirty")
    return repo


def run_script(script: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    environment.update(env, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    # GitLab and GitHub both run a step's script with bash and stop at the first failure.
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=repo, env=environment,
                          capture_output=True, text=True)


def test_the_gitlab_example_reports_the_merge_requests_lines(tmp_path):
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = re.search(r"## GitLab CI\s+```yaml\n(.*?)```", text, re.DOTALL).group(1)
    job = yaml.safe_load(block)["newslint"]
    script = [line for line in job["script"]
              if not line.startswith(("pip install", "git fetch"))]  # installed; no remote
    assert len(script) == len(job["script"]) - 2
    repo = content_repository(tmp_path)

    result = run_script("\n".join(script), repo, {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"})

    assert result.returncode == 1, result.stderr
    report = json.loads((repo / job["artifacts"]["reports"]["codequality"]).read_text())
    assert [(issue["check_name"], issue["location"]["path"], issue["location"]["positions"]["begin"])
            for issue in report] == [("names.spelling", "story.txt", {"line": 5, "column": 17})]
    junit = ElementTree.parse(repo / job["artifacts"]["reports"]["junit"]).getroot()
    assert junit.get("failures") == "1" or junit.find(".//testsuite").get("failures") == "1"
    assert "story.txt:5:17" in result.stdout  # the log, in colour
    assert "\x1b[" in result.stdout


def _action_step(name: str) -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return next(step for step in action["runs"]["steps"] if step.get("name") == name)


def test_the_github_actions_steps_annotate_write_sarif_and_fail(tmp_path):
    repo = content_repository(tmp_path)
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {"PATHS": ".", "ARGS": "--diff-base origin/main", "RUNNER_TEMP": str(tmp_path),
           "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_ACTIONS": "true"}

    check = run_script(_action_step("Check articles")["run"], repo, env)

    assert check.returncode == 0, check.stderr  # the step records the status; a later step fails
    assert check.stdout.splitlines()[0].startswith("::error file=story.txt,line=5,col=17,")
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outputs == {"sarif-file": str(tmp_path / "newslint.sarif"), "status": "1"}
    sarif = json.loads(Path(outputs["sarif-file"]).read_text())
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in results] == [("names.spelling", 5)]

    fail = run_script(_action_step("Fail on findings")["run"], repo, {"STATUS": outputs["status"]})
    assert fail.returncode == 1
