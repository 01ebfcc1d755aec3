"""Worst cases: does any rule take super-linear time on hostile text? (for people to read)

    python bench/hostile.py [--size 20000] [--ruleset house --ruleset ap] [--only feb-dot]

For every bundled ruleset and every rule, times the rule (its check, the quotation filter and
position resolving the engine adds, as in ``bench/rule_times.py``) on each hostile text at
about ``--size`` characters and at four times that, each text placed where every segment kind
can see it: a plain-text article (standfirst, body, caption), Markdown (headline, body) and
HTML (headline, paragraphs, caption); markup texts (``RAW``) are read as they are by one
reader. Reading is timed too, as ``(read)``. A rule that grows linearly takes about 4 times as
long on the larger text, a quadratic one 16 times; the table flags a growth ratio above
``--flag`` (default 8) when the larger run took long enough to measure (``--floor``). A run over
``--timeout`` seconds is stopped and counts as flagged; a rule that raises is listed.

CPU time (robust to a busy machine), single process, one run each: ratios of a few
hundredths of a second are noise (caches, the first rule to read a text), hence the floor.

    python bench/hostile.py --readers [--size 500000] [--only open-tag]

times reading alone, for every reader (txt, md, html, nitf, newsml) and every markup shape in
``SHAPES`` (unterminated tags, comments, CDATA, declarations, deep nesting, huge attributes,
many references), placed where each reader parses it, at ``--size`` characters and at twice
that: linear reading takes about 2 times as long on the larger text. A shape that makes the
document unreadable (not well-formed XML) is timed to the error, marked ``E``.
"""

from __future__ import annotations

import argparse
import gc
import html
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: newslint from this checkout, not an installed one

from newslint.analysis.quotations import in_quotation  # noqa: E402
from newslint.config.ruleset import load_ruleset  # noqa: E402
from newslint.engine import resolve  # noqa: E402
from newslint.readers import read  # noqa: E402

RULESETS = ("house", "ap", "proselint")
SEED = (ROOT / "fixtures" / "articles" / "seed-article.txt").read_text(encoding="utf-8")


def _repeat(unit: str):
    return lambda n: unit * max(1, n // len(unit))


def _between(left: str, right: str):
    return lambda n: left * (n // 2 // len(left)) + right * (n // 2 // len(right))


def _seed_prose(n: int) -> str:
    # Real copy with every kind of finding, made one long paragraph.
    prose = " ".join(line for line in SEED.splitlines() if line.strip())
    return (prose + " ") * max(1, n // (len(prose) + 1))


# name -> text of about n characters. Kept as one flat table so that a new worst case is a line.
HOSTILE = {
    "seed-prose": _seed_prose,
    # One line of real copy, about 1 MB at 4N with the default size.
    "megabyte-line": lambda n: _seed_prose(12 * n),
    "punctuation": _repeat("!?.,;:"),
    "full-stops": _repeat("."),
    "ellipses": _repeat("… "),
    "straight-single": _repeat("'"),
    "straight-double": _repeat('"'),
    "straight-mixed": _repeat("'\" "),
    "quoted-words": _repeat('"a" '),
    "curly-open": _repeat("“"),
    "curly-apostrophe": _repeat("’"),
    "apostrophes": _repeat("it's "),
    "feet-inches": _repeat("5'11\" "),
    "mr": _repeat("Mr "),
    "mr-dot": _repeat("Mr. "),
    "title-name": _repeat("Prime Minister Edi Rama "),
    "lower-title-name": _repeat("prime minister Edi Rama "),
    "office-of": _repeat("the Office of the Prime Minister "),
    "capitals": _repeat("Alpha Beta "),
    "all-caps": _repeat("TALKS IN US CAPITAL "),
    "names-variant": _repeat("Kiev "),
    "capitalised-variant": _repeat("Defense "),
    "us-dotted": _repeat("U.S. "),
    "us-plain": _repeat("the US and "),
    "initials": _repeat("J. "),
    "digits": _repeat("3 "),
    "digit-sentences": _repeat("3 people. "),
    "long-number": _repeat("1"),
    "thousands": _repeat("1,000,"),
    "decimals": _repeat("1.5."),
    "feb-dot": _repeat("Feb. "),
    "feb-dates": _repeat("Feb. 28, "),
    "weekday-dates": _repeat("Wednesday, Feb. 28, 2024, "),
    "numeric-dates": _repeat("28/02/2024 "),
    "long-word": _repeat("a"),
    "long-words": lambda n: ("x" * 5000 + " ") * max(1, n // 5001),
    "no-spaces": _repeat("abc-def_ghi."),
    "word-dots": _repeat("word."),
    "hyphens": _repeat("-"),
    "spaced-hyphens": _repeat(" - "),
    "double-hyphens": _repeat("a -- b "),
    "em-dashes": _repeat("—"),
    "spaces": lambda n: "a" + " " * n + "b",
    "spaces-after-bracket": lambda n: "[ab]" + " " * n + "x",
    "spaces-after-paren": lambda n: "(AP Photo)" + " " * n + "x",
    "nested-round": _between("(", ")"),
    "nested-square": _between("[", "]"),
    "open-square": _repeat("["),
    "placeholder-open": _repeat("[TK "),
    "paragraphs": _repeat("Para.\n\n"),
    "short-lines": _repeat("a\n"),
    "combining": _repeat("e\u0301"),
    "combining-only": _repeat("\u0301"),
    "non-ascii": _repeat("Zelenskyy sagte: «Wir sind bereit» – é ü 3 people. "),
    "urls": _repeat("http://example.com/a-b_c?d=1 "),
    "www": _repeat("www.example.com "),
    "emails": _repeat("a@b.com "),
    "hashtags": _repeat("#tag @handle "),
    "url-no-spaces": lambda n: "http://" + "a/" * (n // 2),
    "copyright": _repeat("Copyright "),
    "ap-writers": _repeat("AP writer "),
    "embargoed": _repeat("embargoed "),
    "editors-note": _repeat("Editor's "),
    "source-label": _repeat("Source: "),
    "dateline-caps": lambda n: "A" * n,
    "repeated-word": _repeat("the the "),
    "underscores": _repeat("_a"),
    "digit-word": _repeat("1"),
}
# Markup read as it is, by one reader: name -> (format, text of about n characters).
RAW = {
    "html-nesting": ("html", lambda n: "<p>" + "<b>" * (n // 6) + "</i>" * (n // 8) + "Kiev</p>"),
    "html-open-comments": ("html", _repeat("<!--")),
    "html-open-attributes": ("html", _repeat("<a href='")),
    "html-paragraphs": ("html", _repeat("<p>Kiev ")),
    "md-emphasis": ("md", _repeat("*a")),
    "md-brackets": ("md", _repeat("![")),
    "md-nested-lists": ("md", _repeat("  - a\n")),
    "digit-line": ("txt", _repeat("1")),
    "underscore-line": ("txt", _repeat("_a")),
    "nitf-paragraphs": ("xml", lambda n: "<nitf><body><body.content>" + "<p>Kiev</p>" * (n // 11)
                        + "</body.content></body></nitf>"),
}


def documents(text: str, raw_format: str | None = None):
    """The text where every segment kind sees it: (format, source bytes)."""
    if raw_format:
        return [(raw_format, text.encode("utf-8"))]
    line = " ".join(text.split("\n")) or "x"
    plain = f"Headline\n\n{line}\n\n{text}\n\n{line} [Name/AP Photo]\n\nSource: News Agencies\n"
    markdown = f"# {line}\n\n{text}\n"
    escaped = html.escape(line, quote=False)
    paragraphs = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in text.split("\n\n"))
    markup = (f"<html><body><h1>{escaped}</h1>{paragraphs}"
              f"<figure><figcaption>{escaped} [Name/AP Photo]</figcaption></figure></body></html>")
    return [("txt", plain.encode("utf-8")), ("md", markdown.encode("utf-8")),
            ("html", markup.encode("utf-8"))]


# Markup shapes for the readers: name -> text of about n characters. The unterminated ones made
# html.parser scan to the end of the file from each of their openings (CPython 3.11).
SHAPES = {
    "open-tag": _repeat("<a "),
    "open-attribute": _repeat("<a href='"),
    "open-comment": _repeat("<!--"),
    "open-cdata": _repeat("<![CDATA["),
    "open-declaration": _repeat("<!"),
    "open-doctype": _repeat("<!DOCTYPE "),
    "open-pi": _repeat("<?"),
    "open-end-tag": _repeat("</"),
    "open-end-tag-name": _repeat("</a "),
    "less-than": _repeat("<"),
    "tag-letters": _repeat("<a"),
    "open-script": lambda n: "<script>" + "</scrip " * (n // 8),
    "bad-references": _repeat("&#x;"),
    "references": _repeat("&amp;"),
    "unterminated-references": _repeat("&a"),
    "closed-comments": _repeat("<!-- c -->"),
    "closed-cdata": _repeat("<![CDATA[Kiev]]>"),
    "deep-nesting": lambda n: "<b>" * (n // 7) + "Kiev" + "</b>" * (n // 7),
    "stray-end-tags": lambda n: "<b>" * (n // 7) + "</i>" * (n // 8) + "Kiev",
    "huge-attribute": lambda n: '<span title="' + "x" * n + '">Kiev</span>',
    "many-attributes": lambda n: "<span " + "".join(f'a{i}="1" ' for i in range(n // 10))
                                 + ">Kiev</span>",
    "many-tags": _repeat("<i>Kiev</i> "),
    "paragraphs": _repeat("<p>Kiev</p>"),
}


def in_reader(format_name: str, shape: str) -> bytes:
    """``shape`` where ``format_name``'s reader parses it as the text of a paragraph, at the end
    of the file (nothing after it terminates an open construct) where the format allows it."""
    if format_name == "txt":
        text = f"Headline\n\n{shape}\n"
    elif format_name == "md":
        text = f"# Headline\n\n{shape}\n"
    elif format_name == "html":
        text = f"<html><body><article><h1>Headline</h1><p>{shape}"
    else:
        nitf = f"<nitf><body><body.content><p>{shape}</p></body.content></body></nitf>"
        text = nitf if format_name == "nitf" else (
            f"<newsItem><contentSet><inlineXML>{nitf}</inlineXML></contentSet></newsItem>")
    return text.encode("utf-8")


def time_reading(format_name: str, data: bytes, timeout: float) -> tuple[float, bool]:
    """CPU seconds to read ``data`` (``inf`` past ``timeout``), and whether it was an error."""
    from newslint.errors import NewslintError

    outcome = {"error": False}

    def reading():
        try:
            read(data, f"hostile.{format_name}", format_name)
        except NewslintError:
            outcome["error"] = True

    reading.what = f"(read) ({format_name}, {len(data)} bytes)"
    return timed(reading, timeout), outcome["error"]


def reader_table(args, names: list[str]) -> int:
    formats = ("txt", "md", "html", "nitf", "newsml")
    print(f"reading at {args.size} and {2 * args.size} characters; linear growth is 2x, "
          f"flagged above 3x (larger run at least {args.floor:g} s)")
    print(f"{'shape':20} " + " ".join(f"{f:>22}" for f in formats))
    for format_name in formats:  # imports and first-use caches are not reading time
        time_reading(format_name, in_reader(format_name, "Kiev"), args.timeout)
    flagged = 0
    for name in names:
        cells = []
        for format_name in formats:
            small, error = time_reading(
                format_name, in_reader(format_name, SHAPES[name](args.size)), args.timeout)
            large, _ = time_reading(
                format_name, in_reader(format_name, SHAPES[name](2 * args.size)), args.timeout)
            ratio = large / max(small, 1e-4) if large != float("inf") else float("inf")
            bad = ratio > 3 and large >= args.floor
            flagged += bad
            mark = ("E" if error else " ") + ("!" if bad else " ")
            cells.append(f"{small:6.3f} {_secs(large):>7} {_ratio(ratio):>5}{mark}")
        print(f"{name:20} " + " ".join(cells), flush=True)
    print("\ncells: seconds at N, at 2N, ratio; E: read as an error (not well-formed XML), "
          "!: flagged")
    errors = sorted(set(ERRORS))
    for error in errors:
        print(f"  raised: {error}")
    return 1 if flagged or errors else 0


class Timeout(Exception):
    pass


ERRORS: list[str] = []  # "rule on text (format): exception", a crash is a finding too


def _alarm(signum, frame):
    raise Timeout


def timed(function, timeout: float) -> float:
    """CPU seconds of ``function()``; ``inf`` if it ran over ``timeout`` wall seconds."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    gc.disable()
    began = time.process_time()
    try:
        function()
    except Timeout:
        return float("inf")
    except Exception as error:  # reported, and the run goes on
        ERRORS.append(f"{getattr(function, 'what', '?')}: {type(error).__name__}: {error}"[:300])
        return float("nan")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        gc.enable()
    return time.process_time() - began


def _run_rule(rule, document):
    for violation in rule.check(document):
        if not rule.applies_in_quotes and in_quotation(
                violation.segment, violation.start, violation.end):
            continue
        resolve(document, rule, violation)


def measure(rulesets, text: str, timeout: float,
            raw_format: str | None = None) -> dict[tuple[str, str], float]:
    """``{(rule id, format): seconds}`` for one text."""
    times: dict[tuple[str, str], float] = {}
    for format_name, data in documents(text, raw_format):
        holder = {}

        def reading(holder=holder, data=data, format_name=format_name):
            holder["doc"] = read(data, f"hostile.{format_name}", format_name)

        reading.what = f"(read) ({format_name})"
        seconds = timed(reading, timeout)
        times[("(read)", format_name)] = seconds
        document = holder.get("doc")
        if document is None:
            continue
        for ruleset_name, ruleset in rulesets:
            for rule in ruleset.rules:
                key = (f"{ruleset_name}:{rule.id}", format_name)

                def running(rule=rule, document=document):
                    _run_rule(rule, document)

                running.what = f"{key[0]} ({format_name}, {len(text)} characters)"
                times[key] = timed(running, timeout)
        gc.collect()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20000, help="characters of the smaller text")
    parser.add_argument("--ruleset", action="append", help="bundled ruleset (default: all)")
    parser.add_argument("--only", action="append", help="hostile texts to run (default: all)")
    parser.add_argument("--flag", type=float, default=8.0, help="growth ratio that is flagged")
    parser.add_argument("--floor", type=float, default=0.1,
                        help="seconds the larger run must take for its ratio to count")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per rule and text")
    parser.add_argument("--all", action="store_true", help="print every rule, not only the worst")
    parser.add_argument("--readers", action="store_true",
                        help="time reading alone, every reader on every markup shape, at N and 2N")
    args = parser.parse_args(argv)
    if args.readers:
        names = args.only or list(SHAPES)
        unknown = [n for n in names if n not in SHAPES]
        if unknown:
            parser.error(f"unknown shape {unknown[0]!r}; shapes: {', '.join(SHAPES)}")
        return reader_table(args, names)
    rulesets = [(name, load_ruleset(name)) for name in (args.ruleset or RULESETS)]
    texts = {name: (None, make) for name, make in HOSTILE.items()}
    texts.update(RAW)
    names = args.only or list(texts)
    unknown = [n for n in names if n not in texts]
    if unknown:
        parser.error(f"unknown hostile text {unknown[0]!r}; texts: {', '.join(texts)}")

    # rule -> (worst ratio, text, format, seconds at N, seconds at 4N)
    worst: dict[str, tuple[float, str, str, float, float]] = {}
    flagged = []
    for name in names:
        began = time.perf_counter()
        raw_format, make = texts[name]
        small = measure(rulesets, make(args.size), args.timeout, raw_format)
        large = measure(rulesets, make(4 * args.size), args.timeout, raw_format)
        for key, t_large in large.items():
            t_small = small.get(key, 0.0)
            if t_large != t_large or t_small != t_small:  # nan: it raised
                continue
            if t_large == float("inf"):
                ratio = float("inf")
            elif t_large < args.floor:
                ratio = 0.0  # too fast to tell growth from noise
            else:
                ratio = t_large / max(t_small, 1e-4)
            rule, format_name = key
            if rule not in worst or ratio > worst[rule][0]:
                worst[rule] = (ratio, name, format_name, t_small, t_large)
            if ratio > args.flag:
                flagged.append((rule, name, format_name, t_small, t_large, ratio))
                print(f"  flagged {rule} ({format_name}) {t_small:.3f} -> {_secs(t_large)}",
                      file=sys.stderr)
        print(f"# {name}: {time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)

    print(f"size {args.size} and {4 * args.size} characters; linear growth is 4x, "
          f"flagged above {args.flag:g}x (larger run at least {args.floor:g} s)")
    print(f"{'rule':40} {'ratio':>7} {'N s':>8} {'4N s':>8}  worst text (format)")
    rows = sorted(worst.items(), key=lambda item: -item[1][0])
    for rule, (ratio, name, format_name, t_small, t_large) in rows:
        if not args.all and ratio <= args.flag:
            continue
        print(f"{rule:40} {_ratio(ratio):>7} {t_small:8.3f} {_secs(t_large):>8}  "
              f"{name} ({format_name})")
    print(f"\nflagged: {len(flagged)} (rule, text, format) of {len(worst)} rules x "
          f"{len(names)} texts")
    for rule, name, format_name, t_small, t_large, ratio in sorted(flagged):
        print(f"  {rule:40} {name:24} {format_name:5} {t_small:8.3f} -> {_secs(t_large)}  "
              f"{_ratio(ratio)}")
    errors = sorted(set(ERRORS))
    print(f"\nerrors: {len(errors)}")
    for error in errors:
        print(f"  {error}")
    return 1 if flagged or errors else 0


def _ratio(value: float) -> str:
    return "timeout" if value == float("inf") else "-" if value == 0 else f"{value:.1f}"


def _secs(value: float) -> str:
    return "timeout" if value == float("inf") else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
