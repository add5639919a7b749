"""PDF charts -> `Document`: page text, character offsets and word boxes, OCR for scans.

The PDF is parsed in a separate reader process (see `supervise`); this module turns the pages it
returns into the document text, one page after another separated by form feeds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.ingest.hashing import describe_source
from extractor.ingest.layout import (
    Line,
    paragraph_gaps,
    running_line_spans,
    short_lines,
    upright,
)
from extractor.ingest.limits import IngestLimits
from extractor.ingest.normalize import normalize_text
from extractor.ingest.supervise import Progress, Scan, read_pdf_pages
from extractor.models import Box, Document, Page, Word

PAGE_SEPARATOR = "\f"
_LOW_CONFIDENCE = 80.0

logger = logging.getLogger(__name__)


@dataclass
class _Text:
    """The document text being built: its parts, length and hard line breaks."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    hard: set[int] = field(default_factory=set)

    def add(self, piece: str) -> int:
        """Appends `piece`; returns its start offset."""
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start


def _words(text: _Text, line: Line, page_no: int) -> list[Word]:
    words: list[Word] = []
    for index, (token, x0, top, x1, bottom) in enumerate(line):
        if index:
            text.add(" ")
        start = text.add(token)
        box = Box(page=page_no, x0=x0, top=top, x1=x1, bottom=bottom)
        words.append(Word(text=token, start=start, end=text.length, box=box))
    return words


def _page(text: _Text, page_no: int, event: dict[str, Any] | None) -> Page:
    if event is None:
        return Page(page_no=page_no, start=text.length, end=text.length)
    start = text.length
    lines: list[Line] = [[tuple(w) for w in line] for line in event.get("lines", [])]  # type: ignore[misc]
    turn = int(event.get("turn") or 0)
    if turn:
        seen = upright(lines, turn, float(event["width"]), float(event["height"]))
    else:
        seen = lines
    gaps, short = paragraph_gaps(seen), short_lines(seen)
    words: list[Word] = []
    for index, line in enumerate(lines):
        if index:
            if short[index - 1]:
                text.hard.add(text.length)
            text.add("\n\n" if gaps[index] else "\n")
        words += _words(text, line, page_no)
    return Page(
        page_no=page_no,
        start=start,
        end=text.length,
        width=event.get("width"),
        height=event.get("height"),
        words=words,
        ocr=bool(event.get("ocr")),
    )


def _assemble(scan: Scan) -> tuple[str, list[Page], set[int]]:
    text = _Text()
    pages: list[Page] = []
    for page_no in range(1, (scan.page_count or 0) + 1):
        if page_no > 1:
            text.add(PAGE_SEPARATOR)
        pages.append(_page(text, page_no, scan.pages.get(page_no)))
    return "".join(text.parts), pages, text.hard


def _ocr_summary(scan: Scan) -> list[str]:
    ocr = {n: e for n, e in sorted(scan.pages.items()) if e.get("ocr")}
    if not ocr:
        return []
    confidences = [float(e["confidence"]) for e in ocr.values() if e.get("confidence") is not None]
    numbers = ", ".join(str(n) for n in ocr)
    label = "page" if len(ocr) == 1 else "pages"
    mean = (
        f" (mean OCR confidence {sum(confidences) / len(confidences):.0f}%)" if confidences else ""
    )
    low = [n for n, e in ocr.items() if (e.get("confidence") or 100.0) < _LOW_CONFIDENCE]
    advice = "; double-check evidence from it" if len(ocr) == 1 else "; double-check their evidence"
    notes = [f"{label} {numbers} read by OCR{mean}{advice}"]
    if low:
        notes.append(f"low OCR confidence on page(s) {', '.join(map(str, low))}: poor scan quality")
    return notes


def page_warnings(scan: Scan) -> list[str]:
    """Returns the warnings for damaged, unread and OCR'd pages (page numbers, never text)."""
    notes = [f"page {n} could not be read: {why}" for n, why in sorted(scan.damaged.items())]
    for number, event in sorted(scan.pages.items()):
        if event.get("status") == "scan":
            notes.append(f"page {number} is a scan and was not read: {event.get('note')}")
    return notes + list(scan.notes) + _ocr_summary(scan)


def _empty_error(path: Path, scan: Scan) -> InputError:
    statuses = {str(e.get("status")) for e in scan.pages.values()}
    if not scan.pages and scan.damaged:
        problem = "no page of the PDF could be read (damaged file?); ask for the file again"
        return InputError(path, problem, "damaged")
    if "scan" in statuses:
        note = next(str(e.get("note")) for e in scan.pages.values() if e.get("status") == "scan")
        problem = f"the PDF is a scan with no text layer and was not read: {note}"
        return InputError(path, problem, "scan_not_read")
    if "ocr" in statuses:
        problem = "the PDF is a scan and OCR found no text in it; send a clearer copy"
        return InputError(path, problem, "no_text")
    problem = "the PDF has no text and no images (blank pages?); check the right file was exported"
    return InputError(path, problem, "no_text")


def document_from_scan(path: Path, data: bytes, scan: Scan) -> Document:
    """Returns the document for the pages the reader returned; raises `InputError` if textless."""
    text, pages, hard = _assemble(scan)
    if not text.strip():
        raise _empty_error(path, scan)
    nlp_text = normalize_text(text, running_line_spans(text, pages), hard)
    return Document(
        source=describe_source(path, data, "application/pdf"),
        text=text,
        nlp_text=nlp_text,
        pages=pages,
        warnings=page_warnings(scan),
    )


def load_pdf(
    path: Path,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    limits: IngestLimits | None = None,
) -> Document:
    """Returns the document for a PDF; raises `InputError` when it cannot be read."""
    limits = limits or IngestLimits.from_env()
    data = path.read_bytes()
    scan = read_pdf_pages(path, password, limits, progress)
    logger.debug(
        "pdf read: %s pages, %d damaged, %d OCR",
        scan.page_count,
        len(scan.damaged),
        sum(1 for e in scan.pages.values() if e.get("ocr")),
    )
    return document_from_scan(path, data, scan)


__all__: Sequence[str] = ("PAGE_SEPARATOR", "document_from_scan", "load_pdf", "page_warnings")
