"""The CI integrations as shipped: the GitHub Action's shell steps and the GitLab CI example in
docs/ci.md run here, on a real git repository, with the installed newslint; every documented
install names the release tag of this version, and pip builds that version from such a tag.

What cannot run here is left out and named: installing newslint (it is installed), fetching
the target branch (there is no remote; a local ref stands in) and the SARIF upload action
(its conditions are read from action.yml instead).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ElementTree
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest
import yaml

from newslint import __version__

ROOT = Path(__file__).resolve().parent.parent
BIN = str(Path(sys.executable).parent)
CLEAN = "Kyiv talks\n\nLeaders met in Kyiv on Monday.\n\nSource: News Agencies\n"
DIRTY = ("Kyiv talks\n\nLeaders met in Kyiv on Monday.\n\nThey flew on to Kiev.\n\n"
         "Source: News Agencies\n")
TAG = f"v{__version__}"
MIRROR = "https://git.example.org/newsroom/newslint.git"  # the docs' stand-in for a mirror


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
    assert [(issue["check_name"], issue["location"]["path"],
             issue["location"]["positions"]["begin"])
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
    assert outputs == {"sarif-file": str(tmp_path / "newslint.sarif"), "status": "1", "ran": "true"}
    sarif = json.loads(Path(outputs["sarif-file"]).read_text())
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in results] == [("names.spelling", 5)]

    fail = run_script(_action_step("Fail on findings")["run"], repo, {"STATUS": outputs["status"]})
    assert fail.returncode == 1


def _action_env(tmp_path: Path, **more: str) -> dict[str, str]:
    return {"PATHS": ".", "ARGS": "", "BASELINE": "", "RUNNER_TEMP": str(tmp_path),
            "GITHUB_OUTPUT": str(tmp_path / "output"),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"), "GITHUB_ACTIONS": "true", **more}


def _outputs(tmp_path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in (tmp_path / "output").read_text().splitlines())


def _valid_sarif(path: str) -> dict:
    from sarif_kit.validate import validation_errors

    log = json.loads(Path(path).read_text(encoding="utf-8"))
    assert validation_errors(log) == []
    return log


def test_a_config_error_is_an_annotation_and_a_valid_sarif_that_is_not_uploaded(tmp_path):
    repo = content_repository(tmp_path)
    (repo / ".newslint.yaml").write_text("extends: house\nignore: [nams]\n")

    check = run_script(_action_step("Check articles")["run"], repo, _action_env(tmp_path))

    assert check.returncode == 0, check.stderr  # the status is kept for the last step
    message = (f"newslint: {repo.resolve()}/.newslint.yaml:2: unknown rule or family 'nams' in "
               "'ignore'; did you mean names? families: ")
    assert check.stdout.startswith(f"::error title=newslint error::{message}")
    assert "SARIF not uploaded" in check.stdout
    assert message in check.stderr  # newslint's own message, in the log
    outputs = _outputs(tmp_path)
    assert (outputs["status"], outputs["ran"]) == ("2", "false")
    run = _valid_sarif(outputs["sarif-file"])["runs"][0]
    assert run["results"] == []
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["exitCode"] == 2
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"].startswith(message)

    fail = run_script(_action_step("Fail on findings")["run"], repo, {"STATUS": outputs["status"]})
    assert fail.returncode == 2


def test_an_unreadable_file_keeps_the_others_findings_in_the_sarif_and_stops_the_upload(tmp_path):
    repo = content_repository(tmp_path)
    (repo / "broken.txt").write_bytes(b"Kiev\x00")

    check = run_script(_action_step("Check articles")["run"], repo, _action_env(tmp_path))

    assert check.returncode == 0, check.stderr
    assert "::error file=story.txt,line=5,col=17," in check.stdout  # still annotated
    assert ("::error title=newslint error::newslint: ./broken.txt: binary file (NUL byte at byte "
            "offset 4); not an article") in check.stdout
    outputs = _outputs(tmp_path)
    assert (outputs["status"], outputs["ran"]) == ("2", "false")
    run = _valid_sarif(outputs["sarif-file"])["runs"][0]
    assert [result["ruleId"] for result in run["results"]] == ["names.spelling"]
    assert run["invocations"][0]["exitCode"] == 2


def test_the_upload_runs_only_after_a_full_check_and_degrades_without_the_permission():
    upload, warning = _action_step("Upload SARIF"), _action_step("Report a skipped upload")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "steps.check.outputs.ran == 'true'" in upload["if"]
    assert upload["continue-on-error"] is True  # a fork's read-only token fails the upload only
    assert f"steps.{upload['id']}.outcome == 'failure'" in warning["if"]
    assert warning["run"].strip().startswith("echo \"::warning title=newslint SARIF not uploaded::")
    assert "always()" in _action_step("Fail on findings")["if"]


def test_the_baseline_input_is_passed_as_an_option(tmp_path):
    """With a stand-in for newslint that records how it is called."""
    shim = tmp_path / "shim"
    shim.mkdir()
    calls = tmp_path / "calls"
    (shim / "newslint").write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(calls)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "if 'sarif' in sys.argv:\n"
        "    print(json.dumps({'version': '2.1.0', 'runs': []}))\n")
    (shim / "newslint").chmod(0o755)
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert "baseline" in action["inputs"]
    assert _action_step("Check articles")["env"]["BASELINE"] == "${{ inputs.baseline }}"

    def called_with(baseline: str) -> list[list[str]]:
        calls.write_text("")
        env = _action_env(tmp_path, BASELINE=baseline, ARGS="--fail-on error", PATHS="news")
        env["PATH"] = f"{shim}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}"
        result = subprocess.run(["bash", "-eo", "pipefail", "-c",
                                 _action_step("Check articles")["run"]],
                                cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in calls.read_text().splitlines()]

    baseline = ["--baseline", "base line.json"]
    assert called_with("base line.json") == [
        ["check", "--format", "github", *baseline, "--fail-on", "error", "news"],
        ["check", "--format", "sarif", *baseline, "--fail-on", "error", "news"]]
    assert called_with("") == [["check", "--format", "github", "--fail-on", "error", "news"],
                               ["check", "--format", "sarif", "--fail-on", "error", "news"]]


def _block(text: str, heading: str) -> str:
    return re.search(rf"## {heading}\s+.*?```yaml\n(.*?)```", text, re.DOTALL).group(1)


def test_every_documented_install_names_this_release_tag():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in pyproject["project"]["dynamic"]  # one version: newslint.__version__
    assert pyproject["tool"]["hatch"]["version"]["path"] == "newslint/__init__.py"
    assert installed_version("newslint") == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    # The newest release, under what main has added since (``## Unreleased``), if anything.
    releases = re.findall(r"^## (\S+)", changelog, re.MULTILINE)
    assert releases[releases[0] == "Unreleased"] == __version__

    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    [pre_commit] = yaml.safe_load(_block(ci, "pre-commit"))["repos"]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (pre_commit["repo"], pre_commit["rev"]) == (MIRROR, TAG)
    assert {hook["id"] for hook in pre_commit["hooks"]} <= {hook["id"] for hook in hooks}
    github = yaml.safe_load(_block(ci, "GitHub Actions"))
    uses = [step["uses"] for step in github["jobs"]["newslint"]["steps"]]
    assert uses == ["actions/checkout@v4", f"newsroom/newslint@{TAG}"]
    gitlab = yaml.safe_load(_block(ci, "GitLab CI"))
    assert gitlab["newslint"]["script"][0] == f'pip install "git+{MIRROR}@{TAG}"'
    assert "for **your newsroom's mirror** of it" in ci  # the stand-in is named as one

    # Wherever a version of newslint is named, it is this release's tag; no install from an
    # index that does not serve newslint.
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, text in (("docs/ci.md", ci), ("action.yml", action), ("README.md", readme)):
        named = set(re.findall(r"newslint(?:\.git)?@(v[\w.]+)|(?:rev:|--branch) (v[\w.]+)", text))
        assert {a or b for a, b in named} == {TAG}, name
        assert not re.search(r"pip install (['\"]?)newslint(\[\w+\])?\1(\s|$)", text), name
    assert f"git+{MIRROR}@{TAG}" in readme


def test_a_release_tag_holds_its_version():
    """Once the tag exists (it is made at release), it is the commit of this version."""
    tags = subprocess.run(["git", "-C", str(ROOT), "tag", "--list", "v*"], capture_output=True,
                          text=True, check=True).stdout.split()
    for tag in tags:
        init = subprocess.run(["git", "-C", str(ROOT), "show", f"{tag}:newslint/__init__.py"],
                              capture_output=True, text=True, check=False).stdout
        assert f'__version__ = "{tag[1:]}"' in init, tag


@pytest.mark.slow
def test_pip_builds_this_version_from_the_release_tag(tmp_path):
    """The documented `pip install "git+URL@TAG"`, against a repository holding this working
    tree with the release tag (hatchling is fetched from the package registry to build)."""
    repo = tmp_path / "newslint"
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release")
    git(repo, "tag", TAG)
    target = tmp_path / "installed"

    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                             "--disable-pip-version-check", "--target", str(target),
                             f"git+{repo.as_uri()}@{TAG}"], capture_output=True, text=True,
                            timeout=600, check=False)

    assert result.returncode == 0, result.stderr
    assert (target / f"newslint-{__version__}.dist-info").is_dir()
    assert f'__version__ = "{__version__}"' in (target / "newslint" / "__init__.py").read_text()
    assert (target / "newslint" / "_rulesets" / "house.yaml").is_file()
