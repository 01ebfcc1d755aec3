"""`newslint audit`: Parquet tables equal to `check`'s findings, on either engine, resumed after
an interruption, from folders, tar and zip archives; a report that escapes what articles say;
errors that name the path and exit 2."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest
from helpers import FIXTURES

pq = pytest.importorskip("pyarrow.parquet")

from newslint.cli import main  # noqa: E402

ARTICLES = FIXTURES / "articles"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows(folder, table="findings"):
    return pq.read_table(folder / f"{table}.parquet").to_pylist()


def audit(capsys, output, *paths, options=()):
    code, _, err = run(capsys, "audit", *paths, "--output", output, "--no-progress", *options)
    return code, err


def test_findings_are_check_json_findings_row_for_row(capsys, tmp_path):
    code, err = audit(capsys, tmp_path / "out", FIXTURES)
    assert code == 1, err
    _, out, _ = run(capsys, "check", "--format", "json", "--no-progress", FIXTURES)
    checked = [(f["path"], f["segment"], f["line"], f["column"], f["end_line"], f["end_column"],
                f["rule"], f["severity"], f["message"], f["match"],
                f["fix"] and f["fix"]["replacement"], f["fix"] and f["fix"]["applicability"])
               for f in json.loads(out)]
    audited = [(r["path"], r["part"], r["line"], r["column"], r["end_line"],
                r["end_column"], r["rule"], r["severity"], r["message"], r["match"], r["fix"],
                r["fix_safety"]) for r in rows(tmp_path / "out")]
    assert len(audited) == len(checked) > 100
    assert audited == checked
    assert f"{len(checked):,} findings" in err


def test_a_finding_row_carries_its_article_and_context(capsys, tmp_path):
    article = tmp_path / "in" / "kyiv.md"
    article.parent.mkdir()
    article.write_text("---\ntitle: Talks in Kyiv\ndate: 2024-02-28\nsection: World\n"
                       "author: Jane Doe\nlang: en-GB\n---\n"
                       "Talks were held in Kiev on Tuesday, officials said.\n\n"
                       "Source: News Agencies\n", encoding="utf-8")
    code, _ = audit(capsys, tmp_path / "out", tmp_path / "in")
    assert code == 1
    kiev = next(r for r in rows(tmp_path / "out") if r["rule"] == "names.spelling")
    version = kiev.pop("ruleset")
    assert version.startswith("house@") and len(version) == len("house@") + 12
    assert kiev == {
        "path": str(article), "format": "md", "part": "body", "line": 8, "column": 20,
        "end_line": 8, "end_column": 24, "rule": "names.spelling", "severity": "error",
        "message": kiev["message"], "match": "Kiev", "fix": "Kyiv", "fix_safety": "safe",
        "context_before": "Talks were held in ", "context_after": " on Tuesday, officials said.",
        "date": datetime.date(2024, 2, 28), "section": "World", "byline": "Jane Doe",
        "language": "en-GB", "words": 17,  # headline, byline, body, source
    }
    [row] = rows(tmp_path / "out", "articles")
    assert row == {"path": str(article), "format": "md", "words": 17, "findings": 1,
                   "date": datetime.date(2024, 2, 28), "section": "World", "byline": "Jane Doe",
                   "language": "en-GB", "ruleset": version, "error": None,
                   "internal_error": False}


def test_a_credit_read_inside_its_caption_counts_its_words_once(capsys, tmp_path):
    # Read twice (the caption, and the credit inside it for the credit rules), the credit's
    # three words count once: per 1,000 words, the audit and `newslint try` measure alike.
    article = tmp_path / "in" / "tirana.html"
    article.parent.mkdir()
    article.write_text(
        "<html><body><article><h1>Talks in Kyiv</h1>\n"
        "<p>Talks were held in Kyiv on Tuesday, officials said.</p>\n"
        "<figure><img src=\"a.jpg\"><figcaption>Edi Rama in Tirana on February 28, 2024 "
        "<span class=\"credit\">[Armando Babani/AP Photo]</span></figcaption></figure>\n"
        "<p>Source: News Agencies</p></article></body></html>\n", encoding="utf-8")
    audit(capsys, tmp_path / "out", tmp_path / "in")
    [row] = rows(tmp_path / "out", "articles")
    assert row["words"] == 3 + 9 + 11 + 3  # headline, body, caption with its credit, source


def test_articles_table_counts_articles_without_findings_and_reads_markup_metadata(
        capsys, tmp_path):
    clean = FIXTURES / "variants" / "house-copy.txt"
    newsml = FIXTURES / "iptc" / "LISTING_1_A_NewsML-G2_News_Item.xml"
    code, _ = audit(capsys, tmp_path / "out", clean, newsml)
    assert code == 1
    by_path = {r["path"]: r for r in rows(tmp_path / "out", "articles")}
    assert by_path[str(clean)]["findings"] == 0 and by_path[str(clean)]["words"] == 683
    assert (by_path[str(newsml)]["date"], by_path[str(newsml)]["section"],
            by_path[str(newsml)]["language"]) == (datetime.date(2016, 10, 18),
                                                  "UK News Service", "en-GB")
    assert by_path[str(clean)]["date"] is None and by_path[str(clean)]["section"] is None


@pytest.mark.slow
def test_dask_on_a_two_worker_local_cluster_equals_the_local_engine(capsys, tmp_path):
    configured = copy_articles(tmp_path)  # with a config the workers must load as well
    (configured / ".newslint.yaml").write_text(
        "extends: house\nrules:\n  style.straight-quotes: {severity: off}\n"
        "overrides:\n  - files: '*.md'\n    rules: {names.spelling: {severity: warning}}\n",
        encoding="utf-8")
    paths = [FIXTURES, configured]
    assert audit(capsys, tmp_path / "local", *paths, options=["--batch-size", "7"])[0] == 1
    code, err = audit(capsys, tmp_path / "dask", *paths,
                      options=["--engine", "dask", "--jobs", "2", "--batch-size", "7"])
    assert code == 1, err
    for table in ("findings", "articles"):
        local = pq.read_table(tmp_path / "local" / f"{table}.parquet")
        dask = pq.read_table(tmp_path / "dask" / f"{table}.parquet")
        assert dask.num_rows == local.num_rows > 30
        assert dask.equals(local), table
    configured_rows = [r for r in rows(tmp_path / "dask") if r["path"].startswith(str(configured))]
    assert configured_rows and not any(r["rule"] == "style.straight-quotes"
                                       for r in configured_rows)
    assert len({r["ruleset"] for r in configured_rows}) == 2  # the config, and its override


@pytest.mark.slow
def test_dask_on_a_scheduler_named_by_its_address(capsys, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        code, err = audit(capsys, tmp_path / "out", ARTICLES,
                          options=["--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert code == 1, err
    assert audit(capsys, tmp_path / "local", ARTICLES)[0] == 1
    assert rows(tmp_path / "out") == rows(tmp_path / "local")


def copy_articles(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(ARTICLES, folder, ignore=shutil.ignore_patterns("*.expected"))
    shutil.copy(FIXTURES / "wire" / "ap-wire-story.txt", folder)
    return folder


def interrupt_after(monkeypatch, batches: int):
    """Stop the audit as Ctrl-C would, once ``batches`` parts are written."""
    from newslint.audit import parquet

    written = []
    write = parquet.Parts.write

    def write_then_stop(self, number, *rest):
        write(self, number, *rest)
        written.append(number)
        if len(written) == batches:
            raise KeyboardInterrupt

    monkeypatch.setattr(parquet.Parts, "write", write_then_stop)
    return written


def counting_lints(monkeypatch):
    from newslint.audit import lint

    linted = []
    lint_article = lint.lint_article

    def counted(path, *rest):
        linted.append(path)
        return lint_article(path, *rest)

    monkeypatch.setattr(lint, "lint_article", counted)
    return linted


def test_an_interrupted_audit_resumes_with_the_batches_it_finished(capsys, tmp_path,
                                                                    monkeypatch):
    folder = copy_articles(tmp_path)
    options = ["--batch-size", "2", "--jobs", "1"]
    assert audit(capsys, tmp_path / "fresh", folder, options=options)[0] == 1

    written = interrupt_after(monkeypatch, 2)
    code, err = audit(capsys, tmp_path / "out", folder, options=options)
    assert code == 130 and written == [0, 1]
    assert "audit interrupted; finished batches are kept in" in err
    assert sorted(p.name for p in (tmp_path / "out" / "parts").iterdir()) == ["000000", "000001"]
    assert not (tmp_path / "out" / "findings.parquet").exists()

    monkeypatch.undo()
    linted = counting_lints(monkeypatch)
    code, err = audit(capsys, tmp_path / "out", folder, options=options)
    assert code == 1
    assert "2 batches from an earlier run" in err
    assert len(linted) == 7 - 4  # 7 articles; the first two batches were not linted again
    for table in ("findings", "articles"):
        assert rows(tmp_path / "out", table) == rows(tmp_path / "fresh", table)


def test_a_changed_ruleset_or_article_list_redoes_the_parts_it_changes(capsys, tmp_path,
                                                                      monkeypatch):
    folder = copy_articles(tmp_path)
    options = ["--batch-size", "2", "--jobs", "1"]
    assert audit(capsys, tmp_path / "out", folder, options=options)[0] == 1
    linted = counting_lints(monkeypatch)

    # Another ruleset: every batch again.
    code, err = audit(capsys, tmp_path / "out", folder, options=[*options, "--ruleset", "ap"])
    assert code == 1 and "earlier run" not in err and len(linted) == 7
    assert audit(capsys, tmp_path / "ap", folder, options=[*options, "--ruleset", "ap"])[0] == 1
    assert rows(tmp_path / "out") == rows(tmp_path / "ap")
    assert {r["ruleset"].split("@")[0] for r in rows(tmp_path / "out")} == {"ap"}

    # An edited article: its batch again, the others kept.
    linted.clear()
    story = folder / "seed-article.txt"
    story.write_text(story.read_text(encoding="utf-8").replace("Kyiv", "Kiev"), encoding="utf-8")
    code, err = audit(capsys, tmp_path / "out", folder, options=[*options, "--ruleset", "ap"])
    assert "3 batches from an earlier run" in err
    assert linted == [str(story)]  # alone in the last batch of two

    # Fewer articles: the stale last part goes.
    for name in ("seed-article.txt", "seed-article.toml.md", "seed-article.nitf.xml"):
        (folder / name).unlink()
    assert audit(capsys, tmp_path / "out", folder, options=[*options, "--ruleset", "ap"])[0] == 1
    assert sorted(p.name for p in (tmp_path / "out" / "parts").iterdir()) == ["000000", "000001"]
    assert len(rows(tmp_path / "out", "articles")) == 4


def test_an_output_folder_inside_the_input_is_not_read(capsys, tmp_path):
    folder = copy_articles(tmp_path)
    assert audit(capsys, folder / "audit", folder, options=["--batch-size", "3"])[0] == 1
    code, err = audit(capsys, folder / "audit", folder, options=["--batch-size", "3"])
    assert code == 1 and "3 batches from an earlier run" in err
    assert not any("audit" in r["path"] for r in rows(folder / "audit", "articles"))


def write_archives(tmp_path):
    """The seed articles in a tar.gz and a zip, with what an archive also holds: a folder
    entry, a README, a dot folder, a file no reader reads."""
    names = sorted(p.name for p in ARTICLES.iterdir() if not p.name.endswith(".expected"))
    extras = {"news/README.md": b"# About\n", "news/.trash/old.txt": b"Kiev\n",
              "news/photo.jpg": b"\xff\xd8\xff"}
    tar_path = tmp_path / "archive.tar.gz"
    with tarfile.open(tar_path, "w:gz") as tar:
        folder = tarfile.TarInfo("news")
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        for name in names:
            tar.add(ARTICLES / name, arcname=f"news/{name}")
        for name, data in extras.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    zip_path = tmp_path / "archive.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("news/", b"")
        for name in names:
            bundle.write(ARTICLES / name, f"news/{name}")
        for name, data in extras.items():
            bundle.writestr(name, data)
    return names, tar_path, zip_path


def test_tar_and_zip_archives_are_read_member_by_member(capsys, tmp_path):
    names, tar_path, zip_path = write_archives(tmp_path)
    assert audit(capsys, tmp_path / "folder", ARTICLES)[0] == 1
    before = sorted(p.name for p in tmp_path.iterdir())
    for archive in (tar_path, zip_path):
        out = tmp_path / f"out-{archive.suffix}"
        assert audit(capsys, out, archive)[0] == 1
        articles = rows(out, "articles")
        assert [r["path"] for r in articles] == [f"{archive}/news/{name}" for name in names]
        for table in ("findings", "articles"):
            from_folder = [{**r, "path": r["path"].replace(str(ARTICLES), f"{archive}/news")}
                           for r in rows(tmp_path / "folder", table)]
            assert rows(out, table) == from_folder
    # Nothing was unpacked beside the archives (only the audits' output folders are new).
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("out-")) == before


def test_an_unreadable_member_is_its_articles_error_and_exit_2(capsys, tmp_path):
    archive = tmp_path / "mixed.tar"
    with tarfile.open(archive, "w") as tar:
        for name, data in (("a.txt", b"Talks in Kiev.\n"), ("b.txt", b"bin\x00ary\n")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    code, err = audit(capsys, tmp_path / "out", archive)
    assert code == 2
    message = f"{archive}/b.txt: binary file (NUL byte at byte offset 3); not an article"
    assert f"newslint: {message}\n" in err
    by_path = {r["path"]: r for r in rows(tmp_path / "out", "articles")}
    assert by_path[f"{archive}/b.txt"]["error"] == message
    assert by_path[f"{archive}/b.txt"]["internal_error"] is False
    assert by_path[f"{archive}/a.txt"]["findings"] >= 1
    assert "Not linted" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("setup, message", [
    ("missing", "newslint: no such file or directory: {tmp}/nope\n"),
    ("junk_tar", "newslint: {tmp}/junk.tar.gz: cannot read the tar archive: "),
    ("junk_zip", "newslint: {tmp}/junk.zip: cannot read the zip archive: File is not a zip file\n"),
    ("truncated_tar", "newslint: {tmp}/cut.tar.gz: cannot read the tar archive: "),
    ("output_is_a_file", "newslint: --output {tmp}/out: a file is there; the output is a folder\n"),
    ("scheduler_without_dask",
     "newslint: --scheduler names a Dask scheduler: use it with --engine dask\n"),
])
def test_bad_inputs_exit_2_naming_what_is_wrong(capsys, tmp_path, setup, message):
    paths, options = [str(ARTICLES)], []
    if setup == "missing":
        paths = [str(tmp_path / "nope")]
    elif setup == "junk_tar":
        (tmp_path / "junk.tar.gz").write_bytes(b"not a tar at all")
        paths = [str(tmp_path / "junk.tar.gz")]
    elif setup == "junk_zip":
        (tmp_path / "junk.zip").write_bytes(b"PK not really")
        paths = [str(tmp_path / "junk.zip")]
    elif setup == "truncated_tar":
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            for index in range(40):
                data = ARTICLES.joinpath("seed-article.txt").read_bytes()
                info = tarfile.TarInfo(f"a{index}.txt")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        (tmp_path / "cut.tar.gz").write_bytes(buffer.getvalue()[:len(buffer.getvalue()) // 2])
        paths = [str(tmp_path / "cut.tar.gz")]
    elif setup == "output_is_a_file":
        (tmp_path / "out").write_text("notes\n")
    elif setup == "scheduler_without_dask":
        options = ["--scheduler", "tcp://127.0.0.1:8786"]
    code, out, err = run(capsys, "audit", *paths, "--output", tmp_path / "out", *options)
    assert code == 2
    assert message.format(tmp=tmp_path) in err
    assert "Traceback" not in err and out == ""


def test_report_escapes_what_articles_say_and_loads_nothing(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = "<script>alert(1)</script>"
    (folder / "a.md").write_text(
        f"---\ntitle: Talks\ndate: 2024-03-01\nsection: \"{hostile}\"\n---\n"
        f"Talks in Kiev <b onmouseover=x()>ended</b> \"{hostile}\".\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: More\ndate: 2024-04-02\nsection: World\n---\n"
                                 "Talks in Kiev ended.\n", encoding="utf-8")
    assert audit(capsys, tmp_path / "out", folder)[0] == 1
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert page.count("<script>") == 1  # the report's own, which sorts tables
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "src=" not in page and "http://" not in page.replace('xmlns="http://www.w3.org', "")
    assert "https://" not in page
    assert "<h2 id=\"sections\">By section</h2>" in page and "By publication date" in page
    assert 'href="file://' in page and "rules.md#kind-substitution" in page


def test_progress_shows_rate_and_time_left_on_a_terminal(monkeypatch):
    from newslint.terminal.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("TERM", raising=False)
    terminal = Terminal()
    progress = Progress(70, stream=terminal, unit="articles")
    progress.started -= 10  # ten seconds ago
    progress.pass_over(50)  # done by an earlier run: no part of the rate
    for _ in range(20):
        progress.step()
    shown = terminal.getvalue().rsplit("\r", 1)[-1]
    assert "] 70/70 articles  10.0 s  2/s, 0 s left" in shown


def test_check_imports_neither_pyarrow_nor_dask():
    code = ("import sys; from newslint.cli import main; "
            f"main(['check', '--quiet', {str(ARTICLES / 'seed-article.txt')!r}]); "
            "print(sorted(m for m in ('pyarrow', 'dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False).stdout
    assert out.splitlines()[-1] == "[]"
