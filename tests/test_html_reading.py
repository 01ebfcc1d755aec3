"""The HTML reader on real-shaped pages: which element holds the article, what is skipped and
why (as ``newslint show`` prints it), paragraphs of <div>s and <br>s with exact spans, plain text
in an .html file, and the config's ``html:`` selectors."""

from __future__ import annotations

import json

import pytest
from helpers import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_readers import check_offsets

from newslint.cli import main
from newslint.readers import read
from newslint.readers.html import SelectorError, parse_selector

PAGE = """<html><body>
<header><a href="/">The Daily Planet</a><p class="description">News from Kiev</p></header>
<nav><a href="/kiev">Kiev</a></nav>
<div class="wrap">
<h1>Talks resume in Kyiv</h1>
<p class="dek">Officials meet again.</p>
<span class="time">Feb. 28, 2024</span>
<div class="entry-content">
KYIV, Ukraine - Talks resumed on Monday.<br><br>
Officials said <b>little</b>.<br>
More to come.<br/> <br/>
Source: News Agencies
</div>
</div>
<aside><p class="summary">Most read: Kiev</p></aside>
<div id="comments"><p>Posted by: John, 06 Oct 2011 | 15:34</p><p>Kiev!</p></div>
<footer>© Kiev Media</footer>
</body></html>
"""


def show(capsys, tmp_path, content: str, name: str = "page.html", *options: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["show", *options, str(path)]) == 0
    return capsys.readouterr().out.replace(str(path), name)


def parts(content: str, **options) -> list[tuple[str, str]]:
    document = read(content.encode("utf-8"), "page.html", "html", **options)
    check_offsets(document)
    return [(s.kind, s.text) for s in document.segments]


def test_a_web_page_is_read_as_its_article_and_show_says_what_was_skipped(capsys, tmp_path):
    assert show(capsys, tmp_path, PAGE) == (
        "page.html (html, utf-8)\n"
        "  skipped     2:1-2:91    site header: <header><a href=\"/\">The Daily Planet</a><p "
        "class=\"description\">News fro…\n"
        "  skipped     3:1-3:36    navigation: <nav><a href=\"/kiev\">Kiev</a></nav>\n"
        "  headline    5:5-5:25    Talks resume in Kyiv\n"
        "  standfirst  6:16-6:37   Officials meet again.\n"
        "  skipped     7:20-7:33   article header: Feb. 28, 2024\n"
        "  dateline    9:1-9:14    KYIV, Ukraine\n"
        "  body        9:17-9:41   Talks resumed on Monday.\n"
        "  body        10:1-11:14  Officials said little. More to come.\n"
        "  source      12:1-12:22  Source: News Agencies\n"
        "  skipped     15:1-15:54  sidebar: <aside><p class=\"summary\">Most read: Kiev</p>"
        "</aside>\n"
        "  skipped     16:1-16:81  reader comments: <div id=\"comments\"><p>Posted by: John, "
        "06 Oct 2011 | 15:34</p><p>Kiev!<…\n"
        "  skipped     17:1-17:30  footer: <footer>© Kiev Media</footer>\n")


def test_chrome_gives_no_findings_and_the_article_keeps_its_positions(capsys, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE.replace("Talks resumed", "Talks in Kiev resumed"), encoding="utf-8")
    assert main(["check", "--format", "json", "--select", "names", str(path)]) == 1
    findings = json.loads(capsys.readouterr().out)
    # "Kiev" stands in the header, the navigation, the sidebar, the comments and the footer too
    assert [(f["line"], f["column"], f["match"]) for f in findings] == [(9, 26, "Kiev")]


def test_show_json_records_the_skipped_chrome_with_reasons(capsys, tmp_path):
    (record,) = json.loads(show(capsys, tmp_path, PAGE, "page.html", "--format", "json"))
    assert [s["reason"] for s in record["skipped"]] == [
        "site header", "navigation", "article header", "sidebar", "reader comments", "footer"]
    assert record["skipped"][4]["text"].startswith('<div id="comments"><p>Posted by: John')
    assert record["skipped"][4]["text"].endswith("</div>")


# --- which element is the article -----------------------------------------------------------

def test_the_article_element_with_the_most_text_is_the_article():
    page = ("<body><article><h2>Teaser about Kiev</h2></article>"
            "<article><h1>Story</h1><p>The story, long enough to be the article.</p></article>"
            "<article><p>Another teaser.</p></article></body>")
    assert parts(page) == [("headline", "Story"),
                           ("body", "The story, long enough to be the article.")]


def test_the_body_marked_up_inside_an_article_is_read_with_the_article_header():
    page = ("<nav>Home</nav><article><header><p class=kicker>World</p><h1>Story</h1>"
            "<p class=standfirst>What it is.</p><time>Feb. 28</time></header>"
            '<div itemprop="articleBody"><p>First.</p><p>Last.</p></div>'
            "<footer>Tags: Kiev</footer></article>")
    assert parts(page) == [("headline", "Story"), ("standfirst", "What it is."), ("body", "First."),
                           ("body", "Last.")]


@pytest.mark.parametrize("body_class", ["entry-content", "post-content", "article-body",
                                        "story-body", "article-body__content", "c-entry-content",
                                        "RichTextArticleBody", "field-name-body"])
def test_a_cms_body_class_marks_the_article(body_class):
    page = (f"<div class=top><a>Home</a> <a>World</a></div><div class=page><h1>Story</h1>"
            f"<div class='{body_class} x'><p>First.</p><p>Last.</p></div>"
            "<div class=more><p>Other story</p></div></div>")
    assert parts(page) == [("headline", "Story"), ("body", "First."), ("body", "Last.")]


def test_main_is_the_article_when_nothing_else_says_so():
    page = ("<div class=menu>Home World</div><main><h1>Story</h1><p>First.</p></main>"
            "<div>Copyright</div>")
    assert parts(page) == [("headline", "Story"), ("body", "First.")]


def test_a_web_page_without_marks_is_read_where_its_paragraphs_are():
    page = ("<table><tr><td class=nav-left>Home<br>World<br>Sport</td><td>"
            "<h1>Story</h1><div class=story><p>First paragraph of the story.</p>"
            "<p>Second paragraph of the story.</p></div></td></tr></table>"
            "<div class=footer>Copyright 2013</div>")
    assert parts(page) == [("headline", "Story"), ("body", "First paragraph of the story."),
                           ("body", "Second paragraph of the story.")]


def test_an_article_alone_is_read_whole():
    page = ("<h1>Story</h1><div class=intro><p>Intro.</p></div><div class=box><p>Box.</p></div>"
            "<div class=rest><p>Rest of the story, longer than the rest.</p></div>")
    assert parts(page) == [("headline", "Story"), ("body", "Intro."), ("body", "Box."),
                           ("body", "Rest of the story, longer than the rest.")]


def test_chrome_inside_the_article_is_skipped():
    page = ("<article><h1>Story</h1><p>First.</p><aside>Read more: Kiev</aside>"
            "<div class='related-stories'><p>Kiev today</p></div>"
            "<div class=share-bar>Share</div><section class=comments><p>Kiev!</p></section>"
            "<p>Last.</p></article>")
    document = read(page.encode(), "page.html", "html")
    assert [s.text for s in document.segments] == ["Story", "First.", "Last."]
    assert [s[0] for s in document.skipped] == ["sidebar", "promo", "reader comments"]


def test_a_class_that_looks_like_chrome_does_not_hide_the_page_or_its_headline():
    page = ("<html class='ads-enabled'><body><div class=sidebar-left><h1>Story</h1></div>"
            "<div class=main><p>First.</p></div></body></html>")
    assert parts(page) == [("headline", "Story"), ("body", "First.")]


# --- headline and standfirst ------------------------------------------------------------------

def test_the_headline_is_never_the_title_tag_nor_a_logo():
    page = ("<head><title>Story | The Daily Planet</title></head><body>"
            "<div class=logo><h1>The Daily Planet</h1></div><article><p>First.</p></article>")
    assert parts(page) == [("body", "First.")]


def test_a_heading_opening_the_article_is_its_headline():
    page = ("<div class=site-logo><h1>Ultima Hora</h1></div><nav>Home</nav>"
            "<article><hgroup><h3>Story</h3></hgroup><p>First.</p><h3>Later heading</h3></article>")
    assert parts(page) == [("headline", "Story"), ("body", "First."), ("body", "Later heading")]


def test_a_summary_outside_the_article_or_after_its_body_is_no_standfirst():
    page = ("<div class=summary>Site summary</div><article><h1>Story</h1><p>First.</p>"
            "<p class=summary>In summary, Kiev.</p></article>")
    assert parts(page) == [("headline", "Story"), ("body", "First."), ("body", "In summary, Kiev.")]


@pytest.mark.parametrize("name", ["dek", "standfirst", "summary", "subtitle", "lede", "description",
                                  "article__lead", "story-dek"])
def test_standfirst_classes(name):
    page = f"<article><h1>Story</h1><p class='{name}'>What it is.</p><p>First.</p></article>"
    assert parts(page)[1] == ("standfirst", "What it is.")


def test_the_meta_description_is_the_standfirst_of_an_article_alone_only():
    head = '<head><meta name="description" content="What it is."></head>'
    alone = f"{head}<h1>Story</h1><p>First.</p>"
    assert parts(alone) == [("headline", "Story"), ("standfirst", "What it is."),
                            ("body", "First.")]
    page = f"{head}<nav>Home</nav><article><h1>Story</h1><p>First.</p></article>"
    assert parts(page) == [("headline", "Story"), ("body", "First.")]


# --- paragraphs of <div>s, <td>s and <br>s ----------------------------------------------------

def test_text_in_divs_and_cells_is_read_between_blocks_and_double_breaks():
    page = ("<div>First line<br>same paragraph.<br><br>Second paragraph.<br>\n \n<br/>"
            "Third.<div>Fourth.</div>Fifth, after a block.</div>"
            "<table><tr><td>Sixth, in a cell.</td><td><p>Seventh.</p>Eighth.</td></tr></table>")
    assert [text for _, text in parts(page)] == [
        "First line same paragraph.", "Second paragraph.", "Third.", "Fourth.",
        "Fifth, after a block.", "Sixth, in a cell.", "Seventh.", "Eighth."]


def test_break_paragraphs_have_exact_spans(capsys, tmp_path):
    page = "<div class=post-body>\nOne <i>two</i><br>\nthree.<br>\n<br>\nFour &amp; five.\n</div>\n"
    assert show(capsys, tmp_path, page) == (
        "page.html (html, utf-8)\n"
        "  body  2:1-3:7   One two three.\n"
        "  body  5:1-5:17  Four & five.\n")


_WORD = st.sampled_from(["Kiev", "talks", "&amp;", "&#8220;quoted&#x201D;", "Zelenskyy", "a"])
_BREAK = st.sampled_from(["<br>", "<br/>", "<br>\r\n<br>", "<br> \n <br />", " ", "\n",
                          "</div><div>", "<p>", "<td>", "<span>", "</span>", "<b>", "</b>"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_WORD, _BREAK), min_size=1, max_size=30))
def test_generated_div_and_break_bodies_map_back_and_keep_every_word(pieces):
    import html

    source = ("<div class=story-body><div>" + "".join(w + " " + b for w, b in pieces)
              + "</div></div>")
    document = read(source.encode(), "gen.html", "html")
    check_offsets(document)
    read_words = " ".join(s.text for s in document.segments).split()
    assert read_words == html.unescape(" ".join(w for w, _ in pieces)).split()


# --- plain text in an .html file -------------------------------------------------------------

def test_plain_text_in_an_html_file_is_read_as_text(capsys, tmp_path):
    text = ("Talks resume in Kyiv\n\nOfficials meet again.\n\n"
            "KYIV, Ukraine - Talks resumed on Monday.<br>\n\nSource: News Agencies\n")
    assert show(capsys, tmp_path, text) == (
        "page.html (txt, utf-8)\n"
        "  headline    1:1-1:21   Talks resume in Kyiv\n"
        "  standfirst  3:1-3:22   Officials meet again.\n"
        "  dateline    5:1-5:14   KYIV, Ukraine\n"
        "  body        5:17-5:45  Talks resumed on Monday.<br>\n"
        "  source      7:1-7:22   Source: News Agencies\n")


@pytest.mark.parametrize("content", ["One<br>two<br>three<br>\n\nfour", "<p>One</p>\n\nTwo",
                                     "<!DOCTYPE html>\nOne\n\nTwo"])
def test_markup_beyond_a_few_breaks_is_html(content):
    assert read(content.encode(), "page.html", "html").format == "html"


# --- the config's html: selectors ---------------------------------------------------------------

CMS_PAGE = ("<div id=comments><p>Kiev!</p></div><div class=story>"
            "<p class=kicker>World</p><div class=hed>Talks resume</div>"
            "<p class=dek-text>Officials meet.</p>"
            "<div class=story-text><p>First.</p><p class=ad>Buy</p><p>Last.</p></div>"
            "<p class='featured-image-caption x'>Officials in Kyiv [Name/AP Photo]</p></div>")


def test_html_selectors_map_elements_to_parts():
    selectors = {".kicker": "metadata", "div.hed": "headline", "[class=dek-text]": "standfirst",
                 ".story-text": "body", "p.ad": "skip", ".featured-image-caption": "caption",
                 "#comments": "skip"}
    document = read(CMS_PAGE.encode(), "page.html", "html", html=selectors)
    check_offsets(document)
    assert [(s.kind, s.text) for s in document.segments] == [
        ("headline", "Talks resume"), ("body", "First."), ("body", "Last.")]
    # the body selector says where the article is; the rest of the story is outside it
    selectors[".story"] = "body"
    document = read(CMS_PAGE.encode(), "page.html", "html", html=selectors)
    assert [(s.kind, s.text) for s in document.segments] == [
        ("headline", "Talks resume"), ("metadata", "World"), ("standfirst", "Officials meet."),
        ("body", "First."), ("body", "Last."), ("caption", "Officials in Kyiv [Name/AP Photo]")]
    assert [(reason, CMS_PAGE[start:end]) for reason, start, end in document.skipped] == [
        ("html: #comments", "<div id=comments><p>Kiev!</p></div>"),
        ("html: p.ad", "<p class=ad>Buy</p>")]


@pytest.mark.parametrize(("text", "expected"), [
    ("h2", ("h2", frozenset(), None, ())),
    (".dek", (None, frozenset({"dek"}), None, ())),
    ("#comments", (None, frozenset(), "comments", ())),
    ("p.caption.wide", ("p", frozenset({"caption", "wide"}), None, ())),
    ("[itemprop=description]", (None, frozenset(), None, (("itemprop", "description"),))),
    ("div[data-role='kicker'][hidden]", ("div", frozenset(), None,
                                         (("data-role", "kicker"), ("hidden", None)))),
])
def test_selector_forms(text, expected):
    selector = parse_selector(text)
    assert (selector.tag, selector.classes, selector.id, selector.attrs) == expected


@pytest.mark.parametrize("text", ["", "div > p", "h2, h3", ".a:hover", "#a#b", "*", "p..x"])
def test_unsupported_selectors_are_refused(text):
    with pytest.raises(SelectorError):
        parse_selector(text)


@pytest.mark.parametrize(("config", "message"), [
    ('html:\n  ".dek": standfirst\n  "div > p": body\n',
     ":3: unsupported selector 'div > p': one compound selector of a tag, .class, #id and "
     "[attr=value] (as in div.dek or [itemprop=description]); no combinators or lists in 'html'"),
    ('html:\n  ".dek": subhead\n',
     ":2: unknown segment kind 'subhead' for HTML selector '.dek'; kinds: headline, standfirst, "
     "byline, dateline, body, caption, credit, source, quote, metadata, skip"),
    ("html: [.dek]\n", ":1: 'html' must map selectors (tag, .class, #id, [attr=value]) to segment "
     "kinds or skip"),
])
def test_bad_html_selectors_in_a_config_name_file_and_line(capsys, tmp_path, config, message):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".newslint.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>Kiev</p>", encoding="utf-8")
    assert main(["check", str(tmp_path / "a.html")]) == 2
    assert capsys.readouterr().err == f"newslint: {tmp_path / '.newslint.yaml'}{message}\n"


def test_the_config_selectors_reach_check_show_and_fix(capsys, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".newslint.yaml").write_text(
        'html:\n  ".kicker": metadata\n  "#comments": skip\n', encoding="utf-8")
    page = tmp_path / "a.html"
    page.write_text("<p class=kicker>Kiev</p><p>Talks in Kiev.</p>"
                    "<div id=comments><p>Kiev</p></div>", encoding="utf-8")
    assert main(["show", str(page)]) == 0
    assert capsys.readouterr().out == (
        f"{page} (html, utf-8)\n"
        "  metadata  1:17-1:21  Kiev\n"
        "  body      1:28-1:42  Talks in Kiev.\n"
        "  skipped   1:46-1:80  html: #comments: <div id=comments><p>Kiev</p></div>\n")
    assert main(["fix", "--select", "names", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == (
        "<p class=kicker>Kyiv</p><p>Talks in Kyiv.</p><div id=comments><p>Kiev</p></div>")


@pytest.mark.parametrize("path", sorted((FIXTURES / "pages").glob("*.html")), ids=lambda p: p.name)
def test_every_character_of_the_page_fixtures_maps_back(path):
    document = read(path.read_bytes(), str(path), "html")
    check_offsets(document)
    kinds = {segment.kind for segment in document.segments}
    assert {"headline", "body"} <= kinds and document.skipped


def test_xml_saved_as_html_is_not_read_as_an_article(capsys, tmp_path):
    feed = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            "<pubDate>Sat, 09 Nov 2025</pubDate><item><title>Kiev</title></item></channel></rss>\n")
    assert show(capsys, tmp_path, feed) == (
        "page.html (html, utf-8)\n"
        "  skipped  1:1-3:1  XML, not HTML (root <rss>): "
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?> <rss version=\"2.0\"><channel><pub…\n")
    xhtml = '<?xml version="1.0"?>\n<html><body><p>Kiev</p></body></html>'
    assert parts(xhtml) == [("body", "Kiev")]
