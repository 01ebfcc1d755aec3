"""What an article says about itself, for an audit's trends: date, section, byline, language.

Byline and language are what the reader found (the byline part; the ``lang`` of the parts,
the one holding most of the text). Date and section are not parts, so no reader keeps them:
they are read here from the same source, after linting, so they can never change a finding.
Each comes from where its format puts it, and a value that cannot be read is left empty
rather than guessed (a sidebar's date is not the article's):

    Markdown front matter     date, published, pubDate, publishDate, published_at;
                              section, category, categories (the first)
    HTML                      <meta> article:published_time, datePublished, date, pubdate,
                              DC.date.issued, sailthru.date; article:section, section,
                              category; JSON-LD datePublished, articleSection;
                              <time itemprop=datePublished> or <time pubdate>
    NITF                      pubdata@date.publication, date.issue@norm;
                              pubdata@position.section
    NewsML-G2                 contentMeta/contentCreated, itemMeta/firstCreated;
                              itemMeta/service/name
    plain text                nothing (the layout has no metadata)
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

_DATE_KEYS = ("date", "published", "pubdate", "publishdate", "published_at", "date_published")
_SECTION_KEYS = ("section", "category", "categories")
_HTML_DATE_NAMES = ("article:published_time", "datepublished", "date", "pubdate",
                    "dc.date.issued", "dcterms.issued", "sailthru.date", "publish-date",
                    "og:published_time")
_HTML_SECTION_NAMES = ("article:section", "section", "category", "og:section")
_SPACE = re.compile(r"\s+")


def article_metadata(document) -> tuple:
    """``(date, section, byline, language)`` of the article; None for what it does not say."""
    date = section = None
    try:
        reader = _FORMATS.get(document.format)
        if reader is not None:
            date, section = reader(document)
    except Exception:  # metadata is a courtesy: an article that lints is never lost to it
        date = section = None
    return _date(date), _text(section), _byline(document), _language(document)


def _byline(document) -> str | None:
    for segment in document.segments:
        if segment.kind == "byline":
            return _text(segment.text)
    return None


def _language(document) -> str | None:
    sizes = Counter()
    for segment in document.segments:
        tag = segment.attributes.get("lang")
        if tag:
            sizes[tag] += len(segment.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _text(value) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None or isinstance(value, (dict, bool)):
        return None
    text = _SPACE.sub(" ", str(value)).strip()
    return text[:200] or None


def _date(value) -> datetime.date | None:
    """A date from a front-matter value or an ISO 8601 string (basic format too, as NITF
    writes it: 20240228T101500Z); None for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return datetime.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None


def _markdown(document):
    from newslint.readers.markdown import _FENCE

    source = document.source
    opening = _FENCE.match(source)
    if not opening:
        return None, None
    fence = opening.group(1)
    closing = re.compile(rf"^(?:{re.escape(fence)}|\.\.\.)[ \t]*$", re.MULTILINE)
    end = closing.search(source, opening.end())
    if end is None:
        return None, None
    block = source[opening.end():end.start()]
    if fence == "+++":
        import tomllib

        data = tomllib.loads(block)
    else:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(block, Loader=loader)
    if not isinstance(data, dict):
        return None, None
    keys = {str(key).lower(): value for key, value in data.items()}
    date = next((keys[k] for k in _DATE_KEYS if keys.get(k) is not None), None)
    section = next((keys[k] for k in _SECTION_KEYS if keys.get(k)), None)
    return date, section


def _html(document):
    import json

    from newslint.readers._markup import parse_html

    root = parse_html(document.source)
    metas = {}
    for meta in root.iter("meta"):
        name = (meta.attrs.get("property") or meta.attrs.get("name")
                or meta.attrs.get("itemprop") or "").lower()
        if name and name not in metas and meta.attrs.get("content"):
            metas[name] = meta.attrs["content"]
    date = next((metas[n] for n in _HTML_DATE_NAMES if n in metas), None)
    section = next((metas[n] for n in _HTML_SECTION_NAMES if n in metas), None)
    if date is None or section is None:
        for script in root.iter("script"):
            if (script.attrs.get("type") or "").lower() != "application/ld+json":
                continue
            try:
                data = json.loads(_own_text(document.source, script))
            except ValueError:
                continue
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict):
                    date = date or item.get("datePublished")
                    section = section or item.get("articleSection")
    if date is None:
        for time in root.iter("time"):
            if (time.attrs.get("itemprop") == "datePublished" or "pubdate" in time.attrs) \
                    and time.attrs.get("datetime"):
                date = time.attrs["datetime"]
                break
    return date, section


def _nitf(document):
    from newslint.readers._markup import parse_xml

    root = parse_xml(document)
    pubdata = root.find("pubdata")
    issue = root.find("date.issue")
    date = (pubdata is not None and pubdata.attrs.get("date.publication")) or \
        (issue is not None and issue.attrs.get("norm")) or None
    section = pubdata.attrs.get("position.section") if pubdata is not None else None
    return date, section


def _newsml(document):
    from newslint.readers._markup import parse_xml

    root = parse_xml(document)
    created = root.find("contentCreated") or root.find("firstCreated")
    service = root.find("service")
    name = service.find("name") if service is not None else None
    return (_own_text(document.source, created) if created is not None else None,
            _own_text(document.source, name) if name is not None else None)


def _own_text(source: str, element) -> str:
    """The text directly in ``element`` (decoded where the parser decoded it)."""
    from newslint.readers._markup import Text

    return "".join(c.data if c.data is not None else source[c.start:c.end]
                   for c in element.children if isinstance(c, Text))


_FORMATS = {"md": _markdown, "html": _html, "nitf": _nitf, "newsml": _newsml}
