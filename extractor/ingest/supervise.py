"""Runs the PDF reader process under time budgets and collects its pages.

Each step has its own deadline: opening, reading one page's text, OCR of a page (several pages
are OCR'd at once), and the whole file. A page that stalls or crashes the reader is recorded as
damaged and the reader restarts after it, so one bad page costs one page, not the chart.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import extractor
from extractor.errors import InputError
from extractor.ingest.limits import IngestLimits
from extractor.ingest.problems import code_for

Progress = Callable[[str], None]

_PROJECT_ROOT = str(Path(extractor.__file__).resolve().parent.parent)
_EOF = ""
WORKER_ARGS: tuple[str, ...] = ("-m", "extractor.ingest.worker")  # tests script a reader


@dataclass
class Scan:
    """What the reader found: page events by number, damaged pages, and file-level notes."""

    page_count: int | None = None
    pages: dict[int, dict[str, Any]] = field(default_factory=dict)
    damaged: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Run:
    """One reader process's state as seen by the parent."""

    current: int | None = None
    phase: str = "open"
    done: bool = False
    ocr: set[int] = field(default_factory=set)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PROJECT_ROOT, env.get("PYTHONPATH")) if p)
    env["OMP_THREAD_LIMIT"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _start(request: dict[str, Any]) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    process = subprocess.Popen(
        [sys.executable, *WORKER_ARGS],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdin is not None and process.stdout is not None
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    try:
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.close()
    except OSError:
        pass  # the reader died at once; its missing events say so
    return process, lines


def _pump(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(_EOF)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


class _Supervisor:
    """Reads one PDF through as many reader processes as damaged pages require."""

    def __init__(
        self, path: Path, password: str | None, limits: IngestLimits, progress: Progress | None
    ) -> None:
        self.path = path
        self.password = password
        self.limits = limits
        self.progress = progress
        self.scan = Scan()
        self.deadline = time.monotonic() + limits.total_timeout_s

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def _budget(self, run: _Run) -> float:
        """Returns the time allowed until the reader's next event."""
        if run.ocr:  # a page is with Tesseract (up to 3 runs: read, orientation, read upright)
            return max(self.limits.page_timeout_s, 3 * self.limits.ocr_page_timeout_s + 10)
        if run.phase == "open":
            return self.limits.open_timeout_s
        return self.limits.page_timeout_s

    def _handle(self, event: dict[str, Any], run: _Run) -> None:
        kind = event.get("event")
        total = self.scan.page_count
        if kind == "fatal":
            if self.scan.page_count is None:
                problem = str(event.get("problem"))
                raise InputError(self.path, problem, code_for(problem))
            if run.current is not None:
                self.scan.damaged[run.current] = str(event.get("problem"))
            run.done = True
        elif kind == "open":
            self.scan.page_count = int(event["pages"])
        elif kind == "page_start":
            run.current, run.phase = int(event["page"]), "text"
            self._say(f"Reading page {run.current} of {total}")
        elif kind == "ocr_start":
            run.ocr.add(int(event["page"]))
            run.current = None
            self._say(f"OCR page {event['page']} of {total} (scanned page)")
        elif kind in ("page", "page_error"):
            number = int(event["page"])
            if kind == "page":
                self.scan.pages[number] = event
            else:
                self.scan.damaged[number] = str(event.get("problem"))
            run.ocr.discard(number)
            run.current = None if run.current == number else run.current
        elif kind == "note" and str(event.get("note")) not in self.scan.notes:
            self.scan.notes.append(str(event.get("note")))
        elif kind == "done":
            run.done = True

    def _run_once(self, first_page: int) -> _Run:
        request = {
            "path": str(self.path),
            "password": self.password,
            "limits": self.limits.model_dump(),
            "first_page": first_page,
        }
        process, lines = _start(request)
        run = _Run()
        try:
            while not run.done:
                limit = min(time.monotonic() + self._budget(run), self.deadline)
                try:
                    line = lines.get(timeout=max(0.0, limit - time.monotonic()))
                except queue.Empty:
                    run.phase = "timeout"
                    return run
                if line == _EOF:
                    run.phase = "crash"
                    return run
                self._handle(_decode(line), run)
            return run
        finally:
            _stop(process)

    def _stalled(self, run: _Run) -> str:
        if time.monotonic() >= self.deadline:
            return f"reading stopped: the file took longer than {self.limits.total_timeout_s:g} s"
        if run.phase == "timeout":
            return "it took too long to read (damaged, or built to overload readers?)"
        return "the reader failed on it (damaged, or too large to read safely?)"

    def _fail_open(self, run: _Run) -> InputError:
        if run.phase == "timeout":
            problem = (
                f"the PDF could not be opened within {self.limits.open_timeout_s:g} s "
                "(damaged, or built to overload readers?); export it again"
            )
            return InputError(self.path, problem, "timeout")
        problem = (
            "the PDF could not be opened: the reader failed on it "
            "(damaged, giant images or a PDF bomb?); export it again"
        )
        return InputError(self.path, problem, "damaged")

    def read(self) -> Scan:
        """Returns every page the reader could read; raises `InputError` if none opened."""
        first, restarts = 1, 0
        while True:
            run = self._run_once(first)
            if run.done:
                return self.scan
            if self.scan.page_count is None:
                raise self._fail_open(run)
            unfinished = set(run.ocr) if run.current is None else {*run.ocr, run.current}
            for number in unfinished:
                self.scan.damaged[number] = self._stalled(run)
            first, restarts = self._next_unread(), restarts + 1
            if first > self.scan.page_count:
                return self.scan
            if restarts > self.limits.max_restarts or time.monotonic() >= self.deadline:
                self._give_up(first)
                return self.scan

    def _next_unread(self) -> int:
        return max([*self.scan.pages, *self.scan.damaged, 0]) + 1

    def _give_up(self, first: int) -> None:
        last = self.scan.page_count or first
        if time.monotonic() >= self.deadline:
            why = f"the file took longer than {self.limits.total_timeout_s:g} s"
        else:
            why = "too many damaged pages"
        span = f"page {first}" if first == last else f"pages {first}-{last}"
        self.scan.notes.append(f"{span} could not be read: {why}")


def _decode(line: str) -> dict[str, Any]:
    try:
        event = json.loads(line)
    except ValueError:
        return {}
    return event if isinstance(event, dict) else {}


def read_pdf_pages(
    path: Path, password: str | None, limits: IngestLimits, progress: Progress | None = None
) -> Scan:
    """Returns the pages of a PDF read in a separate, time- and memory-bounded process.

    Raises:
        InputError: the PDF cannot be opened (encrypted, damaged, not a PDF, too many pages,
            or it stalls or crashes the reader while opening).
    """
    return _Supervisor(path, password, limits, progress).read()
