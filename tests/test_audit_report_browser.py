"""The audit report in a real browser: Debian's headless Chromium loads report.html from disk,
its console stays empty (no script error, nothing refused by the page's Content-Security-Policy,
which would mean the page tried to load something), and a screenshot goes to tests/artifacts/
for people to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES

pytest.importorskip("pyarrow")

from newslint.cli import main

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# A console message as Chromium logs it with --enable-logging=stderr --v=0.
CONSOLE = re.compile(r"^\[[^\]]*:CONSOLE[^\]]*\] (.*)$", re.MULTILINE)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run "
                                                "installs it: apt-get install chromium)"),
]


def chromium(tmp_path: Path, url: str, *action: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         *action, url],
        capture_output=True, text=True, timeout=120, check=False)


def archive_with_metadata(folder: Path) -> None:
    """Articles with dates and sections (so every chart is drawn), one with markup in its
    section and text that a page must not run."""
    folder.mkdir()
    stories = [FIXTURES / "articles" / "seed-article.txt", FIXTURES / "wire" / "ap-wire-story.txt",
               *sorted((FIXTURES / "variants").glob("*.txt"))]
    sections = ["World", "Politics", "<img src=x onerror=alert(1)>"]
    for index in range(18):
        story = stories[index % len(stories)].read_text(encoding="utf-8")
        headline, _, body = story.partition("\n")
        (folder / f"story-{index:02d}.md").write_text(
            f"---\ntitle: {headline.strip()!r}\ndate: 2024-{index % 6 + 1:02d}-1{index % 9}\n"
            f"section: {sections[index % 4 % 3]!r}\n---\n{body}", encoding="utf-8")


def test_report_loads_without_console_messages_and_is_screenshotted(tmp_path, capsys):
    archive_with_metadata(tmp_path / "in")
    output = tmp_path / "out"
    assert main(["audit", str(tmp_path / "in"), "--output", str(output), "--no-progress"]) == 1
    capsys.readouterr()
    url = (output / "report.html").as_uri()

    loaded = chromium(tmp_path, url, "--dump-dom")
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert CONSOLE.findall(loaded.stderr) == []
    dom = loaded.stdout
    assert "<h2 id=\"rules\">Findings per rule</h2>" in dom and "By publication date" in dom
    assert dom.count("<svg") == 3  # rules, sections, dates
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom and "<img" not in dom

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "audit-report.png"
    screenshot.unlink(missing_ok=True)
    shot = chromium(tmp_path, url, "--window-size=1200,2600", "--hide-scrollbars",
                    f"--screenshot={screenshot}")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000  # a page, not a blank


def test_console_messages_are_caught(tmp_path):
    """The check above can fail: a page that logs and one that throws are both seen."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('logged');"
                    "notDefined();</script>", encoding="utf-8")
    messages = CONSOLE.findall(chromium(tmp_path, page.as_uri(), "--dump-dom").stderr)
    assert any('"logged"' in m for m in messages)
    assert any("Uncaught ReferenceError: notDefined is not defined" in m for m in messages)
