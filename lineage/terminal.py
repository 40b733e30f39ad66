"""What the command line shows on a terminal besides its report: width, warnings, skipped inputs and progress."""

from __future__ import annotations

import shutil
import sys
import threading
import time
from types import TracebackType
from typing import Iterable

import click

from .corpus import Skipped
from .documents import Document

#: Width used when standard output is not a terminal (and no COLUMNS is set), and the narrowest wrapped to.
DEFAULT_WIDTH, MIN_WIDTH = 80, 40


def width() -> int:
    """Columns to wrap text to: the terminal's width (``COLUMNS`` if set), 80 when output is not a terminal."""
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def warn(message: str) -> None:
    """One warning line on standard error."""
    click.echo(f"lineage: warning: {' '.join(message.split())}", err=True)


def warn_documents(docs: Iterable[Document]) -> None:
    """One warning line per document with replaced bytes (named by path) or an unreadable date (named by id)."""
    for d in docs:
        if d.extra.get("decode_warning"):
            warn(f"{d.path or d.id}: {d.extra['decode_warning']}")
        if d.extra.get("date_warning"):
            warn(f"{d.id}: {d.extra['date_warning']}")


def report_skipped(item: Skipped) -> None:
    """One line on standard error for an input left out of a corpus."""
    click.echo(f"lineage: skipped {item.path}: {' '.join(item.reason.split())}", err=True)


class Stages:
    """On a terminal, a line on standard error naming the running stage and the time so far.

    Nothing is shown for a run shorter than ``delay`` seconds, when quiet, or
    when standard error is not a terminal; the line is cleared when the run
    ends, so the report that follows starts on a clean line.
    """

    def __init__(self, quiet: bool = False, delay: float = 1.0, every: float = 0.5) -> None:
        self.on = not quiet and sys.stderr.isatty()
        self.delay, self.every = delay, every
        self.stage = ""
        self.start = time.monotonic()
        self._shown = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True) if self.on else None

    def __enter__(self) -> "Stages":
        if self._thread:
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        if self._shown:
            click.echo("\r" + " " * self._shown + "\r", err=True, nl=False)

    def __call__(self, stage: str) -> None:
        """Name the stage now running."""
        self.stage = stage

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while True:
            line = f"{self.stage} ... {time.monotonic() - self.start:.0f}s"
            click.echo("\r" + line.ljust(self._shown), err=True, nl=False)
            self._shown = max(self._shown, len(line))
            if self._stop.wait(self.every):
                return
