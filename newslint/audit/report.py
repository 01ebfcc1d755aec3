"""``DIR/report.html``: where the archive stands, for the standards desk, in one file.

Read from the two Parquet tables a row group at a time (so a report of millions of findings
holds counters, not rows). One self-contained page: inline CSS, SVG charts drawn here, a few
lines of script to sort tables, and a Content-Security-Policy that lets the page load
nothing at all, so opening it reaches no network. Everything that comes from an article
(paths, matches, contexts, sections, bylines, messages) is HTML-escaped.

Sampled contexts are the findings of each rule with the lowest hash of (seed, path, line,
column, rule): the same findings whatever the order or engine that produced them, and a rule
change displaces only the findings it removes.
"""

from __future__ import annotations

import hashlib
import heapq
import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from newslint.audit.lint import CONTEXT

SAMPLES = 5  # contexts per rule
TERMS = 10  # matched terms per rule
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#d68910", "suggestion": "#2e86c1"}
_FINDING_COLUMNS = ["path", "line", "column", "rule", "severity", "match", "fix", "message",
                    "context_before", "context_after", "date", "section"]
_ARTICLE_COLUMNS = ["path", "words", "findings", "date", "section", "language", "format",
                    "error", "internal_error", "ruleset"]


@dataclass
class Summary:
    articles: int = 0
    words: int = 0
    findings: int = 0
    unreadable: int = 0
    internal_errors: int = 0
    failing: bool = False  # findings at or above warning
    by_severity: Counter = field(default_factory=Counter)


def write_report(output: Path, seed: int = 0, rules: dict | None = None) -> Summary:
    """Write ``output/report.html`` from the tables in ``output``; the audit's totals.
    ``rules``: rule id -> (kind, summary), from the rulesets the audit used."""
    facts = _Facts(seed)
    facts.read_articles(output / "articles.parquet")
    facts.read_findings(output / "findings.parquet")
    page = _page(facts, rules or {})
    scratch = output / ".report.html.tmp"
    scratch.write_text(page, encoding="utf-8")
    scratch.replace(output / "report.html")
    return facts.summary


def _batches(path: Path, columns: list[str]):
    """The table's rows a few thousand at a time. Without pre-buffering: pyarrow otherwise
    reads ahead whole row groups of every column, and the report's memory grew with the
    table (2 million findings: 260 MB, against 100 MB without)."""
    return pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=4096,
                                                               columns=columns)


def _month(date) -> str | None:
    return f"{date.year:04d}-{date.month:02d}" if date is not None else None


class _Facts:
    """What the report shows, counted in one pass over each table."""

    def __init__(self, seed: int):
        self.seed = seed
        self.summary = Summary()
        self.words_by_section: Counter = Counter()
        self.articles_by_section: Counter = Counter()
        self.words_by_month: Counter = Counter()
        self.articles_by_month: Counter = Counter()
        self.formats: Counter = Counter()
        self.languages: Counter = Counter()
        self.rulesets: Counter = Counter()
        self.errors: list[tuple[str, str]] = []  # the first few unreadable articles, and why
        self.by_rule: Counter = Counter()
        self.severity_of: dict[str, str] = {}
        self.articles_of_rule: Counter = Counter()
        self._last_path: dict[str, str] = {}
        self.by_section: Counter = Counter()
        self.by_month: Counter = Counter()
        self.rule_section: Counter = Counter()
        self.terms: dict[str, Counter] = defaultdict(Counter)
        self.samples: dict[str, list] = defaultdict(list)  # heaps of (-rank, tiebreak, row)

    def read_articles(self, path: Path) -> None:
        summary = self.summary
        for batch in _batches(path, _ARTICLE_COLUMNS):
            for row in batch.to_pylist():
                summary.articles += 1
                if row["error"]:
                    summary.unreadable += 1
                    summary.internal_errors += bool(row["internal_error"])
                    if len(self.errors) < 50:
                        self.errors.append((row["path"], row["error"]))
                    continue
                words = row["words"] or 0
                summary.words += words
                self.formats[row["format"]] += 1
                self.rulesets[row["ruleset"]] += 1
                if row["language"]:
                    self.languages[row["language"]] += 1
                if row["section"] is not None:
                    self.words_by_section[row["section"]] += words
                    self.articles_by_section[row["section"]] += 1
                month = _month(row["date"])
                if month is not None:
                    self.words_by_month[month] += words
                    self.articles_by_month[month] += 1

    def read_findings(self, path: Path) -> None:
        summary = self.summary
        for batch in _batches(path, _FINDING_COLUMNS):
            for row in batch.to_pylist():
                rule = row["rule"]
                summary.findings += 1
                summary.by_severity[row["severity"]] += 1
                self.by_rule[rule] += 1
                self.severity_of.setdefault(rule, row["severity"])
                if self._last_path.get(rule) != row["path"]:  # rows come article by article
                    self._last_path[rule] = row["path"]
                    self.articles_of_rule[rule] += 1
                if row["section"] is not None:
                    self.by_section[row["section"]] += 1
                    self.rule_section[rule, row["section"]] += 1
                month = _month(row["date"])
                if month is not None:
                    self.by_month[month] += 1
                self.terms[rule][row["match"]] += 1
                self._sample(rule, row)
        summary.failing = bool(summary.by_severity["error"] or summary.by_severity["warning"])

    def _sample(self, rule: str, row: dict) -> None:
        key = f"{self.seed}\0{row['path']}\0{row['line']}\0{row['column']}\0{rule}"
        rank = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=8).digest()
        heap = self.samples[rule]
        entry = (_Reversed(rank), key, row)
        if len(heap) < SAMPLES:
            heapq.heappush(heap, entry)
        elif rank < heap[0][0].value:
            heapq.heapreplace(heap, entry)

    def rate(self, count: int, words: int) -> float:
        return 1000 * count / words if words else 0.0


class _Reversed:
    """Orders a heap by the largest rank first, so the kept samples are the lowest ranks."""

    __slots__ = ("value",)

    def __init__(self, value: bytes):
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return self.value > other.value

    def __eq__(self, other) -> bool:
        return self.value == other.value


# --- the page --------------------------------------------------------------------------------

def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _number(value: float) -> str:
    """A count as is; a rate to two decimals, or two significant digits below 0.01 (a rule
    that fires is never shown as 0.00)."""
    if not isinstance(value, float):
        return f"{value:,}"
    return f"{value:,.2f}" if value >= 0.01 or value == 0 else f"{value:.2g}"


def _rule_link(rule: str, rules: dict) -> str:
    from newslint.rulesdoc import rule_doc_uri

    kind = rules.get(rule, (None, ""))[0]
    href = rule_doc_uri(kind) if kind else None
    name = f"<code>{_e(rule)}</code>"
    return f'<a href="{_e(href)}">{name}</a>' if href else name


def _bar_chart(items: list[tuple[str, float, str]], unit: str, label_width: int = 230) -> str:
    """Horizontal bars, one per item (label, value, colour), with the value at the end."""
    if not items:
        return ""
    width, bar_height, gap = 760, 18, 6
    room = width - label_width - 90
    top = max(value for _, value, _ in items) or 1
    height = len(items) * (bar_height + gap) + gap
    out = [_svg_open(width, height, unit)]
    for index, (label, value, colour) in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = max(1.0, room * value / top) if value else 0
        out.append(f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end" '
                   f'class="label">{_e(label)}</text>'
                   f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
                   f'fill="{colour}"><title>{_e(label)}: {_e(_number(value))} {_e(unit)}'
                   f'</title></rect>'
                   f'<text x="{label_width + length + 6:.1f}" y="{y + 13}" class="value">'
                   f'{_e(_number(value))}</text>')
    out.append("</svg>")
    return "".join(out)


def _svg_open(width: int, height: int, title: str) -> str:
    return (f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>')


def _line_chart(points: list[tuple[str, float, int]], unit: str) -> str:
    """A line of ``value`` over time (label, value, articles), the articles as pale bars."""
    if not points:
        return ""
    width, height, left, right, top, bottom = 760, 260, 56, 16, 14, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(value for _, value, _ in points) or 1
    most = max(count for _, _, count in points) or 1
    step = plot_w / len(points)
    out = [_svg_open(width, height, unit)]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'class="grid"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'class="value">{peak * fraction:,.1f}</text>')
    coordinates = []
    label_every = -(-len(points) // 12)  # at most 12 labels: each needs 50 pixels
    for index, (label, value, count) in enumerate(points):
        x = left + step * (index + 0.5)
        bar = plot_h * count / most
        out.append(f'<rect x="{x - step * 0.35:.1f}" y="{top + plot_h - bar:.1f}" '
                   f'width="{step * 0.7:.1f}" height="{bar:.1f}" class="volume"><title>'
                   f'{_e(label)}: {count:,} articles</title></rect>')
        y = top + plot_h * (1 - value / peak)
        coordinates.append((x, y, label, value))
        if index % label_every == 0:
            out.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                       f'class="value">{_e(label)}</text>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}"
                    for i, (x, y, _, _) in enumerate(coordinates))
    out.append(f'<path d="{path}" class="trend"/>')
    for x, y, label, value in coordinates:
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="point"><title>'
                   f'{_e(label)}: {_number(value)} {_e(unit)}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset(),
           sortable: bool = True) -> str:
    """A table of already escaped cells."""
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{h}</th>'
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{cell}</td>'
                                    for i, cell in enumerate(row)) + "</tr>" for row in rows)
    kind = ' class="sortable"' if sortable else ""
    return f"<table{kind}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _periods(facts: _Facts) -> list[tuple[str, float, int]]:
    """Findings per 1,000 words by month, or by year when the archive spans more than four
    years of months."""
    months = sorted(facts.words_by_month)
    if len(months) > 48:
        words, articles, found = Counter(), Counter(), Counter()
        for month in months:
            year = month[:4]
            words[year] += facts.words_by_month[month]
            articles[year] += facts.articles_by_month[month]
            found[year] += facts.by_month[month]
        return [(y, facts.rate(found[y], words[y]), articles[y]) for y in sorted(words)]
    return [(m, facts.rate(facts.by_month[m], facts.words_by_month[m]), facts.articles_by_month[m])
            for m in months]


def _page(facts: _Facts, rules: dict) -> str:
    summary = facts.summary
    rate = facts.rate(summary.findings, summary.words)
    parts = [(f"<h1>newslint audit</h1><p class=lead>{summary.articles:,} articles, "
              f"{summary.words:,} words: <strong>{summary.findings:,} findings</strong>, "
              f"{_number(rate)} per 1,000 words.</p>")]
    cards = [("articles", f"{summary.articles:,}"), ("words", f"{summary.words:,}"),
             ("findings", f"{summary.findings:,}"), ("per 1,000 words", _number(rate))]
    cards += [(f"{severity}s", f"{summary.by_severity[severity]:,}")
              for severity in SEVERITY_COLOURS]
    if summary.unreadable:
        cards.append(("not linted", f"{summary.unreadable:,}"))
    parts.append('<div class="cards">' + "".join(
        f'<div class="card"><span class="big">{_e(value)}</span><span>{_e(label)}</span></div>'
        for label, value in cards) + "</div>")
    details = [f"rules: {', '.join(_e(r) for r in sorted(facts.rulesets))}" if facts.rulesets
               else "", "formats: " + ", ".join(f"{_e(f)} {n:,}" for f, n in
                                                facts.formats.most_common())]
    if facts.languages:
        details.append("languages: " + ", ".join(f"{_e(lang)} {n:,}" for lang, n in
                                                 facts.languages.most_common(8)))
    parts.append('<p class="meta">' + " · ".join(d for d in details if d) + "</p>")

    ranked = facts.by_rule.most_common()
    parts.append('<h2 id="rules">Findings per rule</h2><p class="meta">Per 1,000 words of '
                 'the articles read; each rule links to its documentation.</p>')
    parts.append(_bar_chart([(rule, facts.rate(count, summary.words),
                              SEVERITY_COLOURS.get(facts.severity_of[rule], "#777"))
                             for rule, count in ranked[:30]], "findings per 1,000 words"))
    parts.append(_legend())
    parts.append(_table(
        ["rule", "severity", "findings", "per 1,000 words", "articles", "what it finds"],
        [[_rule_link(rule, rules), _e(facts.severity_of[rule]), f"{count:,}",
          _number(facts.rate(count, summary.words)), f"{facts.articles_of_rule[rule]:,}",
          _e(rules.get(rule, (None, ""))[1])] for rule, count in ranked],
        numeric={2, 3, 4}))

    if facts.words_by_section:
        parts.append(_sections(facts, ranked))
    if facts.words_by_month:
        parts.append('<h2 id="dates">By publication date</h2><p class="meta">Findings per '
                     '1,000 words (line) and articles published (bars), from the dates the '
                     'articles carry.</p>')
        periods = _periods(facts)
        parts.append(_line_chart(periods, "findings per 1,000 words"))
        parts.append("<details><summary>The figures</summary>" + _table(
            ["period", "articles", "findings per 1,000 words"],
            [[_e(label), f"{count:,}", _number(value)] for label, value, count in periods],
            numeric={1, 2}) + "</details>")
    undated = summary.articles - summary.unreadable - sum(facts.articles_by_month.values())
    if not facts.words_by_month or not facts.words_by_section:
        missing = [what for what, counts in (("publication dates", facts.words_by_month),
                                             ("sections", facts.words_by_section)) if not counts]
        parts.append(f'<p class="meta">No trends by {" or ".join(missing)}: no article '
                     "carries them (plain text has no metadata; see docs/archives.md for "
                     "where each format's are read).</p>")
    elif undated:
        parts.append(f'<p class="meta">{undated:,} articles carry no date.</p>')

    parts.append('<h2 id="detail">Rules in detail</h2>')
    for rule, count in ranked:
        parts.append(_rule_detail(facts, rules, rule, count))
    if facts.errors:
        parts.append('<h2 id="errors">Not linted</h2>' + _table(
            ["article", "why"], [[_e(path), _e(error)] for path, error in facts.errors]))
        if summary.unreadable > len(facts.errors):
            parts.append(f'<p class="meta">… and {summary.unreadable - len(facts.errors):,} '
                         "more: articles.parquet lists them in its error column.</p>")
    return _HEAD + "".join(parts) + _SCRIPT + "</main></body></html>\n"


def _legend() -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="background:{colour}"></i>{_e(severity)}</span>'
        for severity, colour in SEVERITY_COLOURS.items()) + "</p>"


def _sections(facts: _Facts, ranked) -> str:
    sections = sorted(facts.words_by_section,
                      key=lambda s: -facts.rate(facts.by_section[s], facts.words_by_section[s]))
    out = [('<h2 id="sections">By section</h2><p class="meta">Findings per 1,000 words in each '
            "section the articles name.</p>")]
    out.append(_bar_chart([(section, facts.rate(facts.by_section[section],
                                                facts.words_by_section[section]), "#5b7f95")
                           for section in sections[:30]], "findings per 1,000 words"))
    top = [rule for rule, _ in ranked[:6]]
    headers = ["section", "articles", "per 1,000 words", *(f"<code>{_e(r)}</code>" for r in top)]
    rows = []
    for section in sections:
        words = facts.words_by_section[section]
        rows.append([_e(section), f"{facts.articles_by_section[section]:,}",
                     _number(facts.rate(facts.by_section[section], words)),
                     *(_number(facts.rate(facts.rule_section[rule, section], words))
                       for rule in top)])
    out.append('<div class="wide">' + _table(headers, rows, numeric=set(range(1, 3 + len(top))))
               + "</div>")
    return "".join(out)


def _rule_detail(facts: _Facts, rules: dict, rule: str, count: int) -> str:
    severity = facts.severity_of[rule]
    summary_text = rules.get(rule, (None, ""))[1]
    out = [(f'<section class="rule" id="rule-{_e(rule)}"><h3>{_rule_link(rule, rules)} '
            f'<span class="badge" style="background:{SEVERITY_COLOURS.get(severity, "#777")}">'
            f"{_e(severity)}</span> <span class=meta>{count:,} findings</span></h3>")]
    if summary_text:
        out.append(f"<p>{_e(summary_text)}</p>")
    terms = facts.terms[rule].most_common(TERMS)
    if terms:
        most = terms[0][1]
        out.append('<div class="columns"><div><h4>Most frequent matches</h4><ol class="terms">')
        for term, n in terms:
            out.append(f'<li><span class="bar" style="width:{80 * n / most:.0f}px"></span>'
                       f"<code>{_e(_visible(term))}</code> <span class=meta>{n:,}</span></li>")
        out.append("</ol></div>")
    samples = sorted(facts.samples[rule], key=lambda entry: entry[0].value)
    out.append("<div><h4>Sampled contexts</h4><ul class=contexts>")
    for _, _, row in samples:
        fix = f' <span class="fix">→ {_e(_visible(row["fix"]))}</span>' if row["fix"] else ""
        before, after = row["context_before"], row["context_after"]
        out.append(f'<li><div class="where">{_e(row["path"])}:{row["line"]}:{row["column"]}'
                   f'</div><div class="context">{"…" if len(before) >= CONTEXT else ""}'
                   f'{_e(before)}<mark>{_e(row["match"])}</mark>{_e(after)}'
                   f'{"…" if len(after) >= CONTEXT else ""}{fix}</div>'
                   f'<div class="message">{_e(row["message"])}</div></li>')
    out.append("</ul></div></div></section>")
    return "".join(out)


def _visible(text: str) -> str:
    """A match as people can read it: white space and invisible characters named."""
    shown = text.replace("\n", "⏎").replace("\t", "⇥")
    return shown if shown.strip() else repr(text)


_CSS = """
:root{--ink:#1d2730;--muted:#5c6b77;--line:#dde3e8;--paper:#fbfcfd}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
background:var(--paper)}
main{max-width:1000px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:28px;margin:0 0 4px}h2{margin-top:40px;border-bottom:2px solid var(--line);
padding-bottom:4px}h3{margin:0 0 6px;font-size:17px}h4{margin:8px 0 4px;font-size:14px;
color:var(--muted)}
.lead{font-size:17px;margin:0 0 16px}.meta{color:var(--muted);font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;
min-width:110px;display:flex;flex-direction:column}.card span{color:var(--muted);font-size:12px}
.card .big{font-size:22px;color:var(--ink);font-weight:600}
table{border-collapse:collapse;width:100%;margin:12px 0;background:#fff;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f5;cursor:default}table.sortable th{cursor:pointer}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}
a{color:#1f5f8b}code{font-size:12.5px}
svg.chart{max-width:100%;height:auto;display:block;margin:8px 0}
svg .label{font-size:12px;fill:var(--ink)}svg .value{font-size:11px;fill:var(--muted)}
svg .grid{stroke:var(--line)}svg .trend{fill:none;stroke:#c0392b;stroke-width:2.5}
svg .point{fill:#c0392b}svg .volume{fill:#d5dde3}
.wide{overflow-x:auto}
details summary{cursor:pointer;color:var(--muted);font-size:13px}
.legend span{margin-right:14px;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.rule{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;
margin:14px 0}
.badge{color:#fff;border-radius:10px;padding:1px 8px;font-size:11px;vertical-align:middle}
.columns{display:grid;grid-template-columns:minmax(200px,1fr) 2fr;gap:18px}
.terms{margin:0;padding-left:22px}.terms li{margin:2px 0}
.terms .bar{display:inline-block;height:8px;background:#9fb6c6;margin-right:6px;
border-radius:2px}
.contexts{list-style:none;margin:0;padding:0}.contexts li{margin:0 0 10px}
.where{font-size:12px;color:var(--muted);word-break:break-all}
.context{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;
white-space:pre-wrap;word-break:break-word}
mark{background:#fde2a8;padding:0 1px}.fix{color:#1e8449}.message{font-size:12px}
@media (max-width:760px){.columns{grid-template-columns:1fr}}
"""

_HEAD = ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
         # Nothing may be loaded: the report opens the same with no network.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
         "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
         f"<title>newslint audit</title><style>{_CSS}</style></head><body><main>")

# Click a column heading to sort by it (numbers as numbers); nothing else runs.
_SCRIPT = """<script>
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (heading, column) {
    heading.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var down = heading.dataset.order !== "down";
      heading.dataset.order = down ? "down" : "up";
      function key(row) {
        var text = row.cells[column].textContent;
        var number = parseFloat(text.replace(/,/g, ""));
        return isNaN(number) ? text.toLowerCase() : number;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return down ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
</script>"""
