"""Which files a folder run reads (newslint/files/discovery.py): .gitignore and .newslintignore
as git reads them, README-like files, XML that is not news, what --statistics and show say about
what was skipped, and front-matter keys that hold text but are not mapped."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from newslint.cli import main
from newslint.config import ConfigFinder
from newslint.files.discovery import _walk, discover, parse_pattern, xml_root

CLEAN = "Talks in Kyiv resumed.\n"
KIEV = "Talks in Kiev resumed.\n"
SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>\n')
RSS = '<?xml version="1.0"?>\n<!-- the feed -->\n<rss version="2.0"><channel/></rss>\n'
ATOM = '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>\n'
NITF = ('<?xml version="1.0"?>\n<!DOCTYPE nitf PUBLIC "-//IPTC//DTD NITF 3.6//EN" "nitf.dtd">\n'
        "<nitf><head><title>Talks</title></head><body><body.content><p>Talks in Kiev resumed.</p>"
        "</body.content></body></nitf>\n")


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def git_init(folder):
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / ".git" / "info").mkdir(exist_ok=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A content repository: articles, ignore files at three levels, a repository's own
    documents, a sitemap and two feeds beside an NITF story; the current folder is its root."""
    root = tmp_path / "site"
    git_init(root)
    write(root / ".gitignore", "public/\n*.draft.md\n!keep.draft.md\nbuild/\n!build/keep.md\n")
    write(root / ".git" / "info" / "exclude", "local/\n")
    write(root / ".newslintignore", "archive/1999/\n")
    write(root / "news" / ".gitignore", "notes.md\n")
    for name in ("news/a.md", "news/keep.draft.md", "archive/2000/b.txt",  # read
                 "news/b.draft.md", "news/notes.md",  # ignored files
                 "build/keep.md", "local/x.md", "archive/1999/c.md"):
        write(root / name, KIEV)
    write(root / "public" / "index.html", f"<p>{KIEV}</p>\n")
    write(root / "README.md", "# The site\n\nTalks in Kiev.\n")
    write(root / "CHANGELOG.md", "# Changes\n")
    write(root / "LICENSE.txt", "MIT\n")
    write(root / "sitemap.xml", SITEMAP)
    write(root / "feeds" / "rss.xml", RSS)
    write(root / "feeds" / "atom.xml", ATOM)
    write(root / "wire" / "story.nitf.xml", NITF)
    monkeypatch.chdir(root)
    return root


def lines_of(text):
    return [line for line in text.splitlines() if line]


# --- a content repository ----------------------------------------------------------------------

def test_a_folder_run_reads_the_articles_and_counts_what_it_skipped(capsys, repo):
    code, out, err = run(capsys, "check", "--select", "names", "--statistics", "--format", "json",
                         ".")
    assert code == 1
    assert sorted({f["path"] for f in json.loads(out)}) == [
        "./archive/2000/b.txt", "./news/a.md", "./news/keep.draft.md", "./wire/story.nitf.xml"]
    lines = err.splitlines()
    assert lines[0].startswith("newslint: 4 files checked in ")
    assert lines[1] == ("  skipped: 2 files ignored, 4 folders ignored, 3 not articles, "
                        "3 not news XML; newslint show lists why")
    assert lines[2] == "  no config: bundled house style"


def test_show_lists_each_skipped_file_with_the_reason(capsys, repo):
    code, out, err = run(capsys, "show", ".")
    assert (code, err) == (0, "")
    not_read = [line for line in out.splitlines() if "(not read: " in line]
    article = ("not an article (a README, CHANGELOG, LICENSE or the like; the config's files: can "
               "name it)")
    assert not_read == [
        f"./CHANGELOG.md (not read: {article})",
        f"./LICENSE.txt (not read: {article})",
        f"./README.md (not read: {article})",
        "./archive/1999/ (not read: ignored by ./.newslintignore:1: archive/1999/)",
        "./build/ (not read: ignored by ./.gitignore:4: build/)",
        "./feeds/atom.xml (not read: not news XML (root element <feed>, not NITF or NewsML-G2))",
        "./feeds/rss.xml (not read: not news XML (root element <rss>, not NITF or NewsML-G2))",
        "./local/ (not read: ignored by .git/info/exclude:1: local/)",
        "./news/b.draft.md (not read: ignored by ./.gitignore:2: *.draft.md)",
        "./news/notes.md (not read: ignored by ./news/.gitignore:1: notes.md)",
        "./public/ (not read: ignored by ./.gitignore:1: public/)",
        "./sitemap.xml (not read: not news XML (root element <urlset>, not NITF or NewsML-G2))",
    ]
    assert "./news/a.md (md, utf-8)" in out and "./wire/story.nitf.xml (nitf, utf-8)" in out
    code, out, _ = run(capsys, "show", "--format", "json", "sitemap.xml")
    assert (code, json.loads(out)) == (0, [{"path": "sitemap.xml", "not_read": (
        "not news XML (root element <urlset>, not NITF or NewsML-G2)")}])


def test_named_files_are_read_even_if_ignored_but_feeds_and_readmes_get_a_note(capsys, repo):
    # Naming a file asks for it: .gitignore and .newslintignore are for folder walks.
    code, out, err = run(capsys, "check", "--select", "names", "--color", "never",
                         "news/notes.md", "archive/1999/c.md", "public/index.html")
    assert (code, err) == (1, "")
    assert [line.split(":")[0] for line in out.splitlines() if line[0] != " "][:3] == [
        "news/notes.md", "archive/1999/c.md", "public/index.html"]
    # A folder named on the command line is walked even if it is ignored.
    code, out, _ = run(capsys, "check", "--select", "names", "--format", "json", "public")
    assert code == 1 and [f["path"] for f in json.loads(out)] == ["public/index.html"]
    # A sitemap, a feed or a README named on the command line: a note, not an error.
    code, out, err = run(capsys, "check", "sitemap.xml", "feeds/rss.xml", "README.md")
    assert (code, out) == (0, "")
    assert err == (
        "newslint: sitemap.xml: skipped: not news XML (root element <urlset>, not NITF or "
        "NewsML-G2)\n"
        "newslint: feeds/rss.xml: skipped: not news XML (root element <rss>, not NITF or "
        "NewsML-G2)\n"
        "newslint: README.md: skipped: not an article (a README, CHANGELOG, LICENSE or the like; "
        "the config's files: can name it)\n")
    code, _, err = run(capsys, "check", "--select", "names", "sitemap.xml", "news/a.md")
    assert code == 1 and err.startswith("newslint: sitemap.xml: skipped: not news XML")
    # Read as NewsML-G2 on purpose, a feed is the reader's error, as before.
    code, _, err = run(capsys, "check", "--input-format", "newsml", "feeds/rss.xml")
    assert code == 2 and err.startswith("newslint: feeds/rss.xml:3: root element <rss> is neither")


def test_a_config_files_glob_makes_a_readme_an_article(capsys, repo):
    write(repo / ".newslint.yaml", 'files: ["README.md", "news/**"]\n')
    code, out, _ = run(capsys, "check", "--select", "names", "--format", "json", ".")
    assert code == 1 and sorted({f["path"] for f in json.loads(out)}) == [
        "./README.md", "./news/a.md", "./news/keep.draft.md"]
    code, out, err = run(capsys, "check", "--select", "names", "--format", "json", "README.md",
                         "CHANGELOG.md")
    assert code == 1 and [f["path"] for f in json.loads(out)] == ["README.md"]
    assert err == ""  # CHANGELOG.md is out by the config's files:, which says nothing


def test_outside_a_repository_only_newslintignore_applies(capsys, tmp_path, monkeypatch):
    write(tmp_path / "desk" / ".gitignore", "*.md\n")
    write(tmp_path / "desk" / ".newslintignore", "old/\n")
    write(tmp_path / "desk" / "a.md", KIEV)
    write(tmp_path / "desk" / "old" / "b.md", KIEV)
    monkeypatch.chdir(tmp_path / "desk")
    selection = discover(["."], ConfigFinder())
    assert selection.files == ["./a.md"]
    assert [(e.path, e.skipped) for e in selection.entries if e.skipped] == [
        ("./old/", "ignored folder")]


def test_newslintignore_comes_after_gitignore_in_the_same_folder(tmp_path, monkeypatch):
    root = tmp_path / "site"
    git_init(root)
    write(root / ".gitignore", "*.draft.md\n")
    write(root / ".newslintignore", "!ready.draft.md\n")
    write(root / "a.draft.md", CLEAN)
    write(root / "ready.draft.md", CLEAN)
    monkeypatch.chdir(root)
    assert discover(["."], ConfigFinder()).files == ["./ready.draft.md"]


def test_ignore_files_above_a_named_folder_apply_inside_it(tmp_path, monkeypatch):
    root = tmp_path / "site"
    git_init(root)
    write(root / ".gitignore", "*.tmp.md\n/content/world/drafts/\n")
    write(root / "content" / "world" / "a.md", CLEAN)
    write(root / "content" / "world" / "b.tmp.md", CLEAN)
    write(root / "content" / "world" / "drafts" / "c.md", CLEAN)
    monkeypatch.chdir(root / "content")
    assert discover(["world"], ConfigFinder()).files == [os.path.join("world", "a.md")]


def test_a_nested_repository_has_its_own_rules(tmp_path, monkeypatch):
    root = tmp_path / "site"
    git_init(root)
    write(root / ".gitignore", "*.md\n")
    git_init(root / "vendor" / "wire")
    write(root / "vendor" / "wire" / ".git" / "info" / "exclude", "b.md\n")
    write(root / "vendor" / "wire" / "a.md", CLEAN)
    write(root / "vendor" / "wire" / "b.md", CLEAN)
    write(root / "top.md", CLEAN)
    monkeypatch.chdir(root)
    assert discover(["."], ConfigFinder()).files == ["./vendor/wire/a.md"]


# --- git's rules, checked against git ----------------------------------------------------------

SCENARIOS = {
    "allow-list": ({".gitignore": "*\n!*/\n!*.md\n"},
                   ["a.md", "a.txt", "sub/b.md", "sub/b.txt"]),
    "negation inside an ignored folder": ({".gitignore": "build/\n!build/keep.md\n"},
                                          ["build/keep.md", "build/x.md", "a.md"]),
    "negation of folder contents": ({".gitignore": "build/*\n!build/keep.md\n"},
                                    ["build/keep.md", "build/x.md"]),
    "double star": ({".gitignore": "a/**\n!a/keep.md\n**/z.md\nx/**/y.md\n"},
                    ["a/keep.md", "a/b.md", "a/c/keep.md", "q/z.md", "z.md", "x/y.md", "x/1/2/y.md",
                     "x/y2.md"]),
    "anchoring": ({".gitignore": "/top.md\ndoc/*.md\nname.md\n"},
                  ["top.md", "sub/top.md", "doc/a.md", "sub/doc/a.md", "doc/deep/a.md",
                   "name.md", "sub/name.md"]),
    "folders only": ({".gitignore": "both.md/\nx/\n"}, ["both.md", "x.md", "sub/x/a.md"]),
    "classes and escapes": ({".gitignore": "[!a].md\n[a-c]x.md\n\\!bang.md\n\\#hash.md\n"
                                           "sp\\ .md\ntrail.md   \n?q.md\n[[:digit:]]*.md\n"},
                            ["a.md", "b.md", "bx.md", "dx.md", "!bang.md", "#hash.md", "sp .md",
                             "trail.md", "aq.md", "q.md", "7up.md", "up.md"]),
    "deeper files win": ({".gitignore": "*.md\n", "sub/.gitignore": "!keep.md\n",
                          "sub/deep/.gitignore": "keep.md\n"},
                         ["keep.md", "sub/keep.md", "sub/deep/keep.md", "sub/other.md"]),
    "info/exclude is overridden": ({".git/info/exclude": "*.md\n", ".gitignore": "!b.md\n"},
                                   ["a.md", "b.md"]),
    "CRLF and a byte-order mark": ({".gitignore": "\ufeffa.md\r\nsub/\r\n"},
                                   ["a.md", "b.md", "sub/c.md"]),
    "non-ASCII names": ({".gitignore": "é*.md\n"}, ["été.md", "ete.md"]),
}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=list(SCENARIOS))
def test_ignored_files_are_those_git_ignores(tmp_path, scenario):
    ignore_files, files = SCENARIOS[scenario]
    root = tmp_path / "repo"
    git_init(root)
    for name, text in ignore_files.items():
        write(root / name, text)
    for name in files:
        write(root / name, CLEAN)
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root,
                            capture_output=True, check=True).stdout.decode().split("\0")
    by_git = sorted(name for name in listed if name.endswith(".md"))
    ours = sorted(os.path.relpath(path, root) for path, ignored in _walk(str(root)) if not ignored)
    assert ours == by_git
    assert len(by_git) < len(files)  # the scenario ignores something


@pytest.mark.parametrize("line", [b"", b"# a comment", b"   ", b"/", b"!", b"[unclosed",
                                  b"trailing\\", b"[[:nonesuch:]].md", b"[z-a].md"])
def test_lines_that_are_no_pattern(line):
    """Blank lines and comments, and patterns git's wildmatch gives up on."""
    assert parse_pattern(line) is None


def test_hostile_patterns_match_in_linear_time(tmp_path):
    """On Python's re, the first pattern takes hours against this path; RE2 does not
    backtrack."""
    root = tmp_path / "repo"
    git_init(root)
    write(root / ".gitignore", "*a*a*a*a*a*a*a*a*a*a*b\n" + "a/**/**/**/**/**/**/**/**/b/**/c\n")
    deep = root.joinpath(*["a"] * 40)
    write(deep / ("a" * 200 + ".md"), CLEAN)
    assert [os.path.basename(p) for p, ignored in _walk(str(root)) if not ignored] == [
        "a" * 200 + ".md"]


# --- XML roots ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "root"), [
    (SITEMAP.encode(), "urlset"),
    (RSS.encode(), "rss"),
    (ATOM.encode(), "feed"),
    (NITF.encode(), "nitf"),
    (b'\xef\xbb\xbf<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>',
     "newsItem"),
    ('<?xml version="1.0" encoding="UTF-16"?>\n<nitf/>'.encode("utf-16"), "nitf"),
    ('<?xml version="1.0"?>\n<nitf/>'.encode("utf-16-le"), "nitf"),  # no byte-order mark
    (b'<!DOCTYPE x [ <!ELEMENT x ANY> ]>\n<rdf:RDF xmlns:rdf="r"/>', "rdf:RDF"),
    # A subset the forward search misreads gives no root: the file is read, never skipped.
    (b'<!DOCTYPE x [ <!-- ] > --> ]>\n<rss/>', None),
    (b"<!-- unclosed" + b" " * 1000, None),
    (b"not xml at all", None),
    (b"", None),
    # hostile shapes: each stays a forward search
    (b"<!--" * 20000, None),
    (b"<!DOCTYPE x [" + b"] " * 30000, None),
    (b" " * 65536, None),
    (b"<?" * 30000, None),
])
def test_the_root_element_is_read_from_the_first_bytes(head, root):
    assert xml_root(head) == root


# --- front matter ------------------------------------------------------------------------------

FRONT_MATTER = """\
---
title: Talks in Kyiv
lede: "The mayor said the talks would go on."
kicker: Analysis
featured_image_caption: Talks in Kyiv [Armando Babani/AP Photo]
featured_image: img/talks.jpg
caption_style: wide
image:
  alt: A view of Kyiv
pull_quotes:
  - We will go on
shared: &shared
  teaser: Talks go on
again: *shared
---

Body text.
"""


def test_show_lists_front_matter_keys_that_hold_text_but_are_not_mapped(capsys, tmp_path):
    path = write(tmp_path / "story.md", FRONT_MATTER)
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0
    reason = "unmapped front-matter key {} (map it in front_matter:)"
    assert out.splitlines()[1:] == [
        "  headline  2:8-2:21     Talks in Kyiv",
        (f"  skipped   3:7-3:46     {reason.format('lede')}: "
         "\"The mayor said the talks would go on.\""),
        f"  skipped   4:9-4:17     {reason.format('kicker')}: Analysis",
        (f"  skipped   5:25-5:64    {reason.format('featured_image_caption')}: Talks in Kyiv "
         "[Armando Babani/AP Photo]"),
        f"  skipped   9:8-9:22     {reason.format('image.alt')}: A view of Kyiv",
        f"  skipped   11:5-11:18   {reason.format('pull_quotes[]')}: We will go on",
        f"  skipped   13:11-13:22  {reason.format('shared.teaser')}: Talks go on",
        "  body      17:1-17:11   Body text.",
    ]


def test_a_mapped_key_is_read_and_no_longer_listed(capsys, tmp_path):
    write(tmp_path / ".newslint.yaml", "front_matter:\n  lede: standfirst\n")
    path = write(tmp_path / "story.md", "---\nlede: The mayor said so.\n---\n\nBody.\n")
    code, out, _ = run(capsys, "show", str(path))
    assert (code, out.splitlines()[1]) == (0, "  standfirst  2:7-2:25  The mayor said so.")
    assert "skipped" not in out
    path = write(tmp_path / "hugo.md", '+++\nkicker = "Analysis"\n+++\n\nBody.\n')
    code, out, _ = run(capsys, "show", str(path))
    assert out.splitlines()[1] == ("  skipped  2:11-2:19  unmapped front-matter key kicker "
                                   "(map it in front_matter:): Analysis")
