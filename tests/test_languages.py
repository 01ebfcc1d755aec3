"""Languages: text marked as another language (lang, xml:lang, front matter, NewsML-G2's
<language>) is not read by rules written for English, and `show` says so."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import FIXTURES, lint_text

from newslint.cli import main
from newslint.config.ruleset import load_ruleset
from newslint.engine import lint
from newslint.errors import ConfigError
from newslint.readers import language_tag, read
from newslint.rules import reads_language

SPANISH_PAGE = FIXTURES / "languages" / "spanish-page-english-article.html"
SPANISH_MARKDOWN = FIXTURES / "languages" / "spanish-front-matter.md"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings_of(capsys, *argv):
    code, out, err = run(capsys, "check", "--format", "json", *argv)
    assert err == ""
    return code, [(f["line"], f["column"], f["rule"]) for f in json.loads(out)]


def test_a_spanish_page_checks_only_its_english_article(capsys):
    # Line 6 (the Spanish meta description), 19 (a Spanish quotation: "—dijo Zelenski—",
    # "Kiev") and the Spanish aside are not English: no dash, name or spelling finding there.
    code, found = findings_of(capsys, str(SPANISH_PAGE))
    assert code == 1
    assert found == [(12, 9, "consistency.names"), (12, 9, "names.spelling"),
                     (17, 73, "style.dash"), (17, 84, "style.dash"), (20, 32, "names.spelling")]


def test_the_spanish_text_is_read_by_a_ruleset_without_a_language(capsys, tmp_path):
    ruleset = tmp_path / "desk.yaml"
    ruleset.write_text("rules:\n  style.dash:\n    kind: pattern\n    severity: error\n"
                       "    options: {pattern: '—', message: Dash}\n")
    _, found = findings_of(capsys, "--ruleset", str(ruleset), str(SPANISH_PAGE))
    # The quotation (19) is read: the desk named no language. (The meta description is not read
    # at all on a page with site chrome: there it is search-engine copy, not the standfirst.)
    assert [(line, column) for line, column, _ in found] == [
        (17, 74), (17, 85), (19, 30), (19, 70), (19, 84)]


def test_show_lists_the_parts_in_another_language(capsys):
    code, out, _ = run(capsys, "show", str(SPANISH_PAGE))
    assert code == 0
    assert out.splitlines()[:4] == [
        f"{SPANISH_PAGE} (html, utf-8)",
        ("  skipped        9:3-9:118     navigation: <nav><a href=\"/\">Portada</a> · <a "
         "href=\"/internacional\">Internacional</…"),
        ("  skipped        10:3-10:59    site header: <header><p class=\"kicker\">Edición en "
         "inglés</p></header>"),
        "  headline [en]  12:9-12:55    Zelensky seeks Balkan support at Tirana summit",
    ]
    assert out.splitlines()[7] == (
        "  skipped        19:30-19:137  another language: es (body): —Estamos interesados en la "
        "coproducción —dijo Zelenski— con todos nuest…")
    code, out, _ = run(capsys, "show", "--format", "json", str(SPANISH_PAGE))
    record = json.loads(out)[0]
    assert [(p["kind"], p["language"]) for p in record["parts"]] == [
        ("headline", "en"), ("caption", "en"), ("body", "en"), ("body", "en"), ("body", "en"),
        ("source", "en")]
    assert [(s["reason"], s["kind"], s["line"], s["column"]) for s in record["skipped"]
            if s["reason"].startswith("another language")] == [
        ("another language: es", "body", 19, 30)]


def test_show_puts_one_language_in_the_heading(capsys):
    _, out, _ = run(capsys, "show", str(FIXTURES / "articles" / "seed-article.html"))
    assert out.splitlines()[:3] == [
        f"{FIXTURES / 'articles' / 'seed-article.html'} (html, utf-8, en)",
        '  skipped     10:1-10:57     navigation: <nav><a href="/">Home</a> '
        '<a href="/kiev">Kiev</a></nav>',
        "  headline    12:7-12:72     Zelenskyy seeks support, arms at Albania summit of Balkan "
        "nations"]


def test_front_matter_lang_marks_every_part(capsys):
    code, found = findings_of(capsys, str(SPANISH_MARKDOWN))
    assert (code, found) == (0, [])  # no em dash, name, source-line or missing-source finding
    code, out, _ = run(capsys, "show", str(SPANISH_MARKDOWN))
    assert out.splitlines()[:2] == [
        f"{SPANISH_MARKDOWN} (md, utf-8, es)",
        "  skipped  2:8-2:42    another language: es (headline): Zelenski pide apoyo a los "
        "Balcanes"]


@pytest.mark.parametrize(("front_matter", "expected"), [
    ("lang: en-GB", ["names.spelling"]),
    ("language: EN", ["names.spelling"]),
    ("lang: es", []),
    ("language: und", ["names.spelling"]),  # undetermined: read
    ("lang: ''", ["names.spelling"]),
])
def test_front_matter_language_values(front_matter, expected):
    text = f"---\ntitle: Talks\n{front_matter}\n---\n\nTalks in Kiev.\n"
    findings = lint_text(text, rules=["names.spelling"], fmt="md")
    assert [f.rule for f in findings] == expected


def test_the_front_matter_language_is_no_segment():
    document = read(b"---\ntitle: Talks\nlang: es\n---\n\nBody.\n", "a.md", "md")
    assert [(s.kind, s.text, s.attributes["lang"]) for s in document.segments] == [
        ("headline", "Talks", "es"), ("body", "Body.", "es")]


def test_the_nearest_lang_decides_and_an_empty_one_is_unknown():
    html = ('<html lang="es"><body><p>Kiev uno.</p><div lang="en-GB"><p>Kiev two.</p>'
            '<p lang="">Kiev three.</p><p lang="es-MX">Kiev cuatro.</p></div></body></html>')
    document = read(html.encode(), "page.html", "html")
    assert [(s.text, s.attributes.get("lang")) for s in document.segments] == [
        ("Kiev uno.", "es"), ("Kiev two.", "en-GB"), ("Kiev three.", None),
        ("Kiev cuatro.", "es-MX")]
    findings = lint(document, load_ruleset("house").selected(["names.spelling"]))
    assert [(f.line, f.column) for f in findings] == [(1, 60), (1, 84)]


def test_xml_lang_in_nitf_marks_elements():
    nitf = ('<nitf xml:lang="en"><body><body.head><hedline><hl1>Talks in Kiev</hl1></hedline>'
            '</body.head><body.content><p xml:lang="es">Conversaciones en Kiev.</p>'
            '<p>Talks went on in Kiev.</p></body.content></body></nitf>')
    findings = lint_text(nitf, rules=["names.spelling"], fmt="nitf")
    assert [(f.line, f.column) for f in findings] == [(1, 61), (1, 171)]


def test_newsml_language_element_applies_where_no_xml_lang_does():
    item = ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentMeta>'
            '<language tag="es"/><headline>Conversaciones en Kiev</headline>'
            '<description role="drol:summary" xml:lang="en">Talks in Kiev</description>'
            '</contentMeta></newsItem>')
    document = read(item.encode(), "item.xml", "xml")
    assert [(s.kind, s.attributes.get("lang")) for s in document.segments] == [
        ("headline", "es"), ("standfirst", "en")]
    findings = lint(document, load_ruleset("house").selected(["names.spelling"]))
    assert [f.match for f in findings] == ["Kiev"]
    assert findings[0].segment_kind == "standfirst"


def test_fix_leaves_the_other_language_as_written(capsys, tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(SPANISH_PAGE, page)
    before = page.read_text(encoding="utf-8").split("\n")
    code, _, err = run(capsys, "fix", "--select", "names.spelling,style.dash", str(page))
    assert code == 0, err
    after = page.read_text(encoding="utf-8").split("\n")
    assert [n + 1 for n, (a, b) in enumerate(zip(before, after, strict=True))
            if a != b] == [12, 17, 20]
    assert after[16] == ("    <p>President Volodymyr Zelenskyy has tried to drum up Balkan support"
                         " – and arms – at a two-day summit in Tirana.</p>")


def test_a_rule_with_nothing_in_its_languages_does_not_run():
    page = '<html lang="es"><body><p>El presidente llegó a Kiev.</p></body></html>'
    assert lint_text(page, fmt="html") == []  # not even "No source line"
    assert [f.rule for f in lint_text(page.replace('"es"', '"en"'), fmt="html")] == [
        "names.spelling", "source.missing"]


def test_kinds_name_their_languages_whatever_the_ruleset_says(tmp_path):
    ruleset = tmp_path / "es.yaml"
    ruleset.write_text("language: es\nrules:\n  proselint.illusions:\n    kind: proselint\n"
                       "    severity: warning\n    options: {checks: [lexical_illusions]}\n"
                       "  desk.word:\n    kind: existence\n    severity: warning\n"
                       "    options: {terms: [the]}\n")
    rules = {r.id: r for r in load_ruleset(str(ruleset)).rules}
    assert rules["proselint.illusions"].languages == ("en",)  # proselint's checks are English
    assert rules["desk.word"].languages == ("es",)  # the ruleset's
    assert load_ruleset("house").rule("xml.schema") is None  # off in house
    assert load_ruleset("wire-delivery").rule("xml.schema").languages is None  # any language
    assert load_ruleset("house").rule("compliance.xml-entity").languages is None


def test_a_ruleset_inherits_the_language_of_what_it_extends(tmp_path):
    child = tmp_path / "desk.yaml"
    child.write_text("extends: house\nrules:\n  desk.word:\n    kind: existence\n"
                     "    severity: warning\n    options: {terms: [Kiev]}\n")
    rules = {r.id: r for r in load_ruleset(str(child)).rules}
    assert rules["desk.word"].languages == rules["names.spelling"].languages == ("en",)
    findings = lint(read(b'<p lang="es">Kiev.</p>', "a.html", "html"),
                    load_ruleset(str(child)))
    assert findings == []


def test_a_bad_ruleset_language_names_file_and_line(tmp_path):
    ruleset = tmp_path / "bad.yaml"
    ruleset.write_text("name: bad\nlanguage: english\nrules: {}\n")
    with pytest.raises(ConfigError) as raised:
        load_ruleset(str(ruleset))
    assert str(raised.value) == (f"{ruleset}:2: 'language' must be a language tag such as en or "
                                 "en-GB, not 'english'")


@pytest.mark.parametrize(("value", "tag"), [
    ("es", "es"), (" en-GB ", "en-GB"), ("en_US", "en-US"), ("zh-Hant-TW", "zh-Hant-TW"),
    ("", None), ("und", None), ("mul", None), ("x-klingon", None), ("english", None),
    (None, None), (7, None),
])
def test_language_tags(value, tag):
    assert language_tag(value) == tag


@pytest.mark.parametrize(("languages", "tag", "read_it"), [
    (("en",), "en-GB", True), (("en",), "EN", True), (("en",), "es", False),
    (("en-GB",), "en", False), (("en-GB",), "en-US", False), (("en",), "eng", False),
    (("en",), None, True), (None, "es", True),
])
def test_reads_language(languages, tag, read_it):
    assert reads_language(languages, tag) is read_it
