"""How soon after a change does `newslint lsp` publish its diagnostics, and does its memory
stay flat over many edits?

Starts the server as an editor does (`python -m newslint lsp`, over stdio), opens a
1,500-word article (the seed article's paragraphs repeated, or --article), then changes the
text back and forth between two versions (one more finding, one fewer) and times each change
to the diagnostics of its version: with the server's own debounce (what a writer sees) and with
none (the work alone: protocol, read, lint, conversion). For scale, the same file is timed under
`newslint check` (a new process each run, as a pre-commit hook runs it). Resident memory of the
server is read at checkpoints of a long run of edits.

    python bench/lsp_latency.py                      # 40 changes each way, 2,000 edits for memory
    python bench/lsp_latency.py --changes 5 --edits 0 --check-runs 1   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "seed-article.txt"
SERVER = [sys.executable, "-m", "newslint", "lsp"]


def long_article(words: int = 1500) -> str:
    """The seed article with its body paragraphs repeated until it has ``words`` words."""
    paragraphs = SEED.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    head, body, source = paragraphs[:3], paragraphs[3:-1], paragraphs[-1]
    out = list(head)
    count = sum(len(p.split()) for p in [*out, source])
    while count < words:
        out.append(body[(len(out) - len(head)) % len(body)])
        count += len(out[-1].split())
    return "\n\n".join([*out, source]) + "\n"


def resident_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Session:
    """One server process and a pygls client that records when each version's diagnostics came."""

    def __init__(self, debounce_ms: int | None):
        from lsprotocol import types
        from pygls.lsp.client import LanguageClient

        self.types = types
        self.client = LanguageClient("newslint-bench", "1")
        self.debounce_ms = debounce_ms
        self.waiting: dict[int, asyncio.Future] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params):
            future = self.waiting.pop(params.version, None)
            if future is not None and not future.done():
                future.set_result((time.perf_counter(), len(params.diagnostics)))

    async def start(self, root: Path) -> None:
        types = self.types
        await self.client.start_io(*SERVER)
        options = {} if self.debounce_ms is None else {"debounceMs": self.debounce_ms}
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=root.as_uri(),
            initialization_options=options))
        self.client.initialized(types.InitializedParams())

    @property
    def pid(self) -> int:
        return self.client._server.pid

    async def open(self, uri: str, text: str) -> tuple[float, int]:
        types = self.types
        future = self.waiting[1] = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1,
                                                 text=text)))
        done, count = await asyncio.wait_for(future, 60)
        return done - started, count

    async def change(self, uri: str, version: int, text: str) -> tuple[float, int]:
        types = self.types
        future = self.waiting[version] = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        done, count = await asyncio.wait_for(future, 60)
        return done - started, count

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def summary(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return f"median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms   max {ms[-1]:6.1f} ms"


async def latency(article: Path, texts: tuple[str, str], debounce_ms: int | None,
                  changes: int) -> list[float]:
    session = Session(debounce_ms)
    await session.start(article.parent)
    try:
        await session.open(article.as_uri(), texts[0])
        times = []
        for version in range(2, changes + 2):
            elapsed, _ = await session.change(article.as_uri(), version, texts[version % 2])
            times.append(elapsed)
        return times
    finally:
        await session.stop()


async def memory(article: Path, texts: tuple[str, str], edits: int) -> list[tuple[int, float]]:
    session = Session(0)
    await session.start(article.parent)
    try:
        await session.open(article.as_uri(), texts[0])
        readings = [(0, resident_mb(session.pid))]
        checkpoints = sorted({edits // 10, edits // 4, edits // 2, edits} - {0})
        for version in range(2, edits + 2):
            await session.change(article.as_uri(), version, texts[version % 2])
            if version - 1 in checkpoints:
                readings.append((version - 1, resident_mb(session.pid)))
        return readings
    finally:
        await session.stop()


def check_times(article: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newslint", "check", str(article)],
                       stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, help="a plain-text article (default: the seed "
                                                     "article repeated to 1,500 words)")
    parser.add_argument("--changes", type=int, default=40, help="timed changes per setting")
    parser.add_argument("--edits", type=int, default=2000, help="edits in the memory run (0: none)")
    parser.add_argument("--check-runs", type=int, default=10)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="newslint-lsp-bench-") as folder:
        article = Path(folder) / "article.txt"
        text = args.article.read_text(encoding="utf-8") if args.article else long_article()
        article.write_text(text, encoding="utf-8")
        # The second version spells one more name the old way: a finding more, a fix more.
        texts = (text, text.replace("Kyiv", "Kiev", 1) if "Kyiv" in text else text + " Kiev")
        print(f"article: {len(text.split())} words, {len(text)} characters")
        check = check_times(article, args.check_runs)
        print(f"newslint check (a new process)   {summary(check)}")
        debounced = asyncio.run(latency(article, texts, None, args.changes))
        print(f"change -> diagnostics, debounced {summary(debounced)}")
        immediate = asyncio.run(latency(article, texts, 0, args.changes))
        print(f"change -> diagnostics, no wait   {summary(immediate)}")
        ratios = [statistics.median(times) / statistics.median(check)
                  for times in (debounced, immediate)]
        print(f"ratio to check (medians): debounced {ratios[0]:.2f}, no wait {ratios[1]:.2f}")
        if args.edits:
            print(f"{'edits':>7} {'server RSS MB':>14}")
            for edits, mb in asyncio.run(memory(article, texts, args.edits)):
                print(f"{edits:7d} {mb:14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
