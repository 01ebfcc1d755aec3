"""A progress bar on a terminal for runs of many files, and the closing statistics."""

from __future__ import annotations

import os
import sys
import time

MIN_FILES = 50  # fewer files finish before a bar would be worth reading


class Progress:
    def __init__(self, total: int, enabled: bool = True, stream=None, unit: str = "files"):
        self.stream = stream or sys.stderr
        self.total = total
        self.unit = unit
        self.done = 0
        self.passed = 0  # done by an earlier run (a resumed audit): not part of the rate
        self.started = time.monotonic()
        self.shown = False
        self.enabled = (enabled and total >= MIN_FILES and self.stream.isatty()
                        and os.environ.get("TERM") != "dumb")
        self._last_draw = 0.0

    def step(self) -> None:
        self.done += 1
        self._draw()

    def pass_over(self, count: int) -> None:
        """Count ``count`` units done by an earlier run (a resumed audit): done, but no part of
        the rate."""
        self.done += count
        self.passed += count
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and self.done < self.total:
            return
        self._last_draw = now
        width = 30
        filled = width * self.done // self.total
        elapsed = now - self.started
        rate = (self.done - self.passed) / elapsed if elapsed > 0 else 0.0
        left = f", {_duration((self.total - self.done) / rate)} left" if rate else ""
        self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total} "
                          f"{self.unit}  {elapsed:.1f} s  {rate:,.0f}/s{left}\033[K")
        self.stream.flush()
        self.shown = True

    def clear(self, output) -> None:
        """Wipe the bar before findings are written to the same terminal."""
        if self.shown and output.isatty():
            self.stream.write("\r\033[K")
            self.shown = False

    def finish(self, report, statistics: bool = False, configs=(), skipped=None) -> None:
        """The closing statistics: files and findings, what was skipped and why (``skipped``:
        counts by ``newslint.files.discovery`` category), the configs used, findings by rule."""
        if self.shown:
            self.stream.write("\r\033[K")
        if not (statistics or self.enabled):
            return
        elapsed = time.monotonic() - self.started
        write = self.stream.write
        unreadable = f", {report.files_failed} unreadable" if report.files_failed else ""
        write(f"newslint: {report.files_checked} files checked{unreadable} in {elapsed:.2f} s;"
              f" {report.total} findings in {report.files_with_findings} files\n")
        if skipped:
            from newslint.files.discovery import statistics_line

            line = statistics_line(skipped)
            if line:
                write(f"  {line}\n")
        for config in configs:  # which settings applied: the config found by walking up, or none
            write(f"  {config}\n")
        for rule, count in report.by_rule.most_common():
            write(f"  {count:8d}  {rule}\n")


def _duration(seconds: float) -> str:
    """``42 s``, ``7 min 05 s``, ``3 h 12 min``: the time left, as a person reads it."""
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
