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


def _check_file(path: Path) -> tuple[bytes, int]:
    """Returns the file's first bytes and size after checking it exists and is readable."""
    try:
        if not path.is_file():
            raise InputError(
                path, "file not found (or not a regular file); check the path", "not_found"
            )
        size = path.stat().st_size
        if size == 0:
            raise InputError(
                path, "the file is empty (0 bytes): nothing to check; export it again", "empty"
            )
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES), size
    except OSError as err:
        problem = f"the file cannot be opened ({type(err).__name__})"
        raise InputError(path, problem, "unreadable") from None


def _check_size(path: Path, size: int, limit_mb: float, variable: str) -> None:
    if size > limit_mb * 2**20:
        raise InputError(
            path,
            f"the file is {size / 2**20:.1f} MB; the limit is {limit_mb:g} MB "
            f"(split the chart, or raise {variable})",
            "too_large",
        )


def _not_a_pdf(path: Path, head: bytes) -> InputError:
    what = describe_binary(head)
    if what:
        problem = f"is named .pdf but is {what}, not a PDF; export the chart as PDF"
    else:
        problem = "is named .pdf but is not a PDF (no PDF signature); export the chart as PDF again"
    return InputError(path, problem, "not_pdf")


def _load(path: Path, password: str | None, progress: _Progress, limits: IngestLimits) -> Document:
    head, size = _check_file(path)
    if is_pdf(head):
        _check_size(path, size, limits.max_mb, "FACET_MAX_MB")
        return load_pdf(path, password=password, progress=progress, limits=limits)
    if path.suffix.lower() == ".pdf":
        raise _not_a_pdf(path, head)
    _check_size(path, size, min(limits.max_mb, limits.max_text_mb), "FACET_MAX_TEXT_MB")
    try:
        return load_text(path)
    except OSError as err:
        problem = f"the file cannot be read ({type(err).__name__})"
        raise InputError(path, problem, "unreadable") from None


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
        problem = f"the file could not be read (internal error {type(err).__name__}); report it"
        raise InputError(path, problem, "internal") from None
