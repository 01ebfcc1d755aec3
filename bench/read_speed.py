"""Read speed per input format, in MB/s (median of runs).

Each seed-article fixture is grown to about ``--size`` MB by repeating its body (inside the
front matter, <article> or <body.content> it belongs to), then read with the format's reader.

    .venv/bin/python bench/read_speed.py [--size 2] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from newslint.readers import read

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
# format -> (fixture, the markers between which the body is repeated)
CASES = {
    "txt": ("seed-article.txt", None, None),
    "md": ("seed-article.md", "\n---\n", None),
    "html": ("seed-article.html", "<article>", "</article>"),
    "nitf": ("seed-article.nitf.xml", "<body.content>", "</body.content>"),
    "newsml": ("seed-article.newsml.xml", "<body.content>", "</body.content>"),
}


def grown(text: str, start: str | None, end: str | None, size: int) -> str:
    head_end = text.index(start) + len(start) if start else 0
    tail_start = text.index(end) if end else len(text)
    head, body, tail = text[:head_end], text[head_end:tail_start], text[tail_start:]
    copies = max(1, size // len(body.encode("utf-8")))
    return head + "\n" + "\n".join([body] * copies) + "\n" + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=2.0, help="document size in MB")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'format':8} {'size MB':>8} {'segments':>9} {'median s':>9} {'MB/s':>7}")
    for name, (fixture, start, end) in CASES.items():
        text = (ARTICLES / fixture).read_text(encoding="utf-8")
        data = grown(text, start, end, int(args.size * 1e6)).encode("utf-8")
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            document = read(data, fixture, name)
            times.append(time.perf_counter() - began)
        median = statistics.median(times)
        megabytes = len(data) / 1e6
        print(f"{name:8} {megabytes:8.2f} {len(document.segments):9d} {median:9.3f} "
              f"{megabytes / median:7.2f}")


if __name__ == "__main__":
    main()
