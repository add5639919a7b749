"""Ingest: chart files (PDF or text) -> `Document`, with clear errors for bad files.

Every failure a user can act on is an `InputError` whose message is one line naming the file and
the problem; no message, log line or temp file carries the chart's text. PDFs are parsed in a
separate reader process bounded in time and memory; scanned pages are OCR'd offline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from extractor.errors import InputError
from extractor.ingest.limits import IngestLimits
from extractor.ingest.pdf import load_pdf
from extractor.ingest.sniff import HEAD_BYTES, describe_binary, is_pdf
from extractor.ingest.text import load_text
from extractor.models import Document

__all__ = ["IngestLimits", "InputError", "load_document"]

logger = logging.getLogger(__name__)


class _Progress:
    """Wraps the caller's progress callback, remembering an exception it raised."""

    def __init__(self, callback: Callable[[str], None] | None) -> None:
        self.callback = callback
        self.raised: BaseException | None = None

    def __call__(self, message: str) -> None:
        if self.callback is None:
            return
        try:
            self.callback(message)
        except BaseException as err:
            self.raised = err
            raise


def _check_file(path: Path, limits: IngestLimits) -> bytes:
    """Returns the file's first bytes after checking it exists, is readable and small enough."""
    try:
        if not path.is_file():
            raise InputError(path, "file not found (or not a regular file); check the path")
        size = path.stat().st_size
        if size == 0:
            raise InputError(path, "the file is empty (0 bytes): nothing to check; export it again")
        if size > limits.max_bytes:
            raise InputError(
                path,
                f"the file is {size / 2**20:.0f} MB; the limit is {limits.max_mb:g} MB "
                "(split the chart, or raise FACET_MAX_MB)",
            )
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError as err:
        raise InputError(path, f"the file cannot be opened ({type(err).__name__})") from None


def _not_a_pdf(path: Path, head: bytes) -> InputError:
    what = describe_binary(head)
    if what:
        return InputError(path, f"is named .pdf but is {what}, not a PDF; export the chart as PDF")
    return InputError(
        path, "is named .pdf but is not a PDF (no PDF signature); export the chart as PDF again"
    )


def _load(path: Path, password: str | None, progress: _Progress, limits: IngestLimits) -> Document:
    head = _check_file(path, limits)
    if is_pdf(head):
        return load_pdf(path, password=password, progress=progress, limits=limits)
    if path.suffix.lower() == ".pdf":
        raise _not_a_pdf(path, head)
    try:
        return load_text(path)
    except OSError as err:
        raise InputError(path, f"the file cannot be read ({type(err).__name__})") from None


def load_document(
    path: Path | str,
    password: str | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    limits: IngestLimits | None = None,
) -> Document:
    """Returns the document for one chart file (PDF or text).

    Args:
        path: the file.
        password: the password of an encrypted PDF.
        progress: called with a short message per page ("OCR page 2 of 5 (scanned page)").
        limits: size, page, time and memory bounds; defaults from `IngestLimits.from_env()`.

    Raises:
        InputError: one line naming the file and what is wrong with it.
    """
    path = Path(path)
    guard = _Progress(progress)
    try:
        return _load(path, password, guard, limits or IngestLimits.from_env())
    except InputError:
        raise
    except Exception as err:
        if err is guard.raised:
            raise
        logger.warning("ingest failed unexpectedly (%s)", type(err).__name__)
        raise InputError(
            path, f"the file could not be read (internal error {type(err).__name__}); report it"
        ) from None
