"""The PDF reader process: opens one PDF and streams its pages as JSON lines on stdout.

Run by `extractor.ingest.supervise` as `python -m extractor.ingest.worker`, so a hostile or
damaged PDF can only stall or crash this process, which the parent kills on a time budget; its
address space is capped too. The request (path, password, limits, first page) arrives as one
JSON line on stdin, never on the command line. Events, one JSON object per line:

- `{"event": "open", "pages": N}` once the page count is known;
- `{"event": "page_start", "page": k}` and, for a scanned page, `{"event": "ocr_start", ...}`;
- `{"event": "page", "page": k, ...}` with the page's lines of words, or
  `{"event": "page_error", "page": k, "problem": ...}`;
- `{"event": "fatal", "problem": ...}` when the file cannot be read at all; `{"event": "done"}`.

Problems name exception types only: nothing from the document reaches a message.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import unicodedata
import warnings
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from extractor.ingest.layout import Line, RawWord, lines_from_words
from extractor.ingest.limits import IngestLimits
from extractor.ingest.ocr import (
    NOT_INSTALLED,
    OcrError,
    PageImage,
    find_tesseract,
    ocr_workers,
    read_image,
    render_page,
)
from extractor.ingest.problems import (
    DAMAGED,
    TRUNCATED,
    describe_open_error,
    describe_page_error,
    is_password_error,
    looks_truncated,
)

Emit = Callable[..., None]

_JUNK_RATIO = 0.3  # share of unreadable characters that makes a text layer junk
_SCAN_TEXT_CHARS = 200  # a page with less text than this over a big image is a scan
_SCAN_IMAGE_SHARE = 0.4  # ... where "big" covers this share of the page
_VECTOR_TEXT = 50  # drawn curves on a page with no text: maybe text outlined as paths


class Fatal(Exception):
    """The file cannot be read at all; the message is the problem to show."""


@dataclass
class Reader:
    """The open PDF, through pdfplumber (text) and PDFium (rendering, fallback text)."""

    path: Path
    limits: IngestLimits
    pdfium: Any = None
    plumber: Any = None
    plumber_pages: list[Any] = field(default_factory=list)


def _protocol_stream() -> IO[str]:
    """Returns a private copy of stdout and points fd 1 at stderr, so stray prints can't corrupt."""
    stream = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    return stream


def _limit_resources(limits: IngestLimits) -> None:
    """Caps this process: address space, CPU time, and death with the parent (Linux)."""
    with suppress(ImportError, ValueError, OSError):
        import resource

        cap = limits.max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        cpu = int(limits.total_timeout_s) + 60
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    with suppress(Exception):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _open(reader: Reader, password: str | None) -> int:
    """Opens both readers; returns the page count. Raises `Fatal` when neither can open it."""
    import pdfplumber

    errors: list[BaseException] = []
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(reader.path), password=password)
        if len(document) > reader.limits.max_pages:
            raise Fatal(_too_many_pages(len(document), reader.limits))
        reader.pdfium = document
    except Fatal:
        raise
    except Exception as err:
        errors.append(err)
    try:
        reader.plumber = pdfplumber.open(reader.path, password=password or "")
        reader.plumber_pages = list(reader.plumber.pages)
    except Exception as err:
        errors.append(err)
        reader.plumber = None
    if reader.pdfium is None and reader.plumber is None:
        locked = [p for p in (is_password_error(e, password) for e in errors) if p]
        problem = locked[0] if locked else describe_open_error(errors[-1], password)
        if problem.startswith(DAMAGED) and looks_truncated(_tail(reader.path)):
            problem = TRUNCATED
        raise Fatal(problem) from None
    count = len(reader.pdfium) if reader.pdfium is not None else len(reader.plumber_pages)
    if count > reader.limits.max_pages:
        raise Fatal(_too_many_pages(count, reader.limits))
    return count


def _tail(path: Path) -> bytes:
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 1024))
        return handle.read()


def _too_many_pages(count: int, limits: IngestLimits) -> str:
    return (
        f"the PDF has {count} pages; the limit is {limits.max_pages} "
        "(split the chart, or raise FACET_MAX_PAGES)"
    )


def _clean_token(token: str) -> str:
    """Returns a word without control characters or inner whitespace (they would break lines)."""
    return "".join(
        ch for ch in token if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cs")
    )


def _clip(words: list[RawWord], width: float, height: float) -> list[RawWord]:
    """Returns words clipped to the page; words wholly off the page (hidden text) are dropped."""
    kept: list[RawWord] = []
    for text, x0, top, x1, bottom in words:
        token = _clean_token(text)
        if not token or x1 <= 0 or bottom <= 0 or x0 >= width or top >= height:
            continue
        x0, top = max(0.0, x0), max(0.0, top)
        x1, bottom = min(width, max(x0, x1)), min(height, max(top, bottom))
        kept.append((token, round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)))
    return kept


def _image_share(page: Any) -> float:
    area = max(1.0, float(page.width) * float(page.height))
    covered = 0.0
    for image in page.images:
        w = min(float(page.width), float(image["x1"])) - max(0.0, float(image["x0"]))
        h = min(float(page.height), float(image["bottom"])) - max(0.0, float(image["top"]))
        covered += max(0.0, w) * max(0.0, h)
    return min(1.0, covered / area)


def _junk_share(lines: list[Line]) -> float:
    text = "".join(w[0] for line in lines for w in line)
    if not text:
        return 0.0
    bad = text.count("(cid:") * 8 + sum(
        1 for ch in text if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cs")
    )
    return min(1.0, bad / len(text))


@dataclass
class PageText:
    """A page read from its text layer, with what decides whether it needs OCR."""

    width: float
    height: float
    lines: list[Line]
    image_share: float = 0.0
    curves: int = 0

    def needs_ocr(self) -> bool:
        """True for a scan (no or little text over a big image), drawn text or a junk layer."""
        chars = sum(len(w[0]) for line in self.lines for w in line)
        if chars == 0:
            return self.image_share > 0.02 or self.curves > _VECTOR_TEXT
        if _junk_share(self.lines) > _JUNK_RATIO:
            return True
        return chars < _SCAN_TEXT_CHARS and self.image_share > _SCAN_IMAGE_SHARE


def _plumber_page(page: Any) -> PageText:
    width, height = float(page.width), float(page.height)
    raw = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    words = [(str(w["text"]), w["x0"], w["top"], w["x1"], w["bottom"]) for w in raw]
    lines = lines_from_words(_as_dicts(_clip(words, width, height)))
    result = PageText(width, height, lines, _image_share(page), len(page.curves))
    page.close()
    return result


def _as_dicts(words: list[RawWord]) -> list[dict[str, Any]]:
    keys = ("text", "x0", "top", "x1", "bottom")
    return [dict(zip(keys, w, strict=True)) for w in words]


def _pdfium_page(page: Any) -> PageText:
    """Reads a page's text with PDFium: the fallback when pdfminer fails on it."""
    import pypdfium2.raw as raw

    width, height = (float(v) for v in page.get_size())
    textpage = page.get_textpage()
    words: list[RawWord] = []
    current: list[tuple[str, tuple[float, float, float, float]]] = []
    for index in range(textpage.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(textpage.raw, index) or 32)
        if ch.isspace() or unicodedata.category(ch) == "Cc":
            words += _pdfium_word(current, height)
            current = []
        else:
            current.append((ch, textpage.get_charbox(index)))
    words += _pdfium_word(current, height)
    textpage.close()
    return PageText(width, height, lines_from_words(_as_dicts(_clip(words, width, height))))


def _pdfium_word(
    chars: list[tuple[str, tuple[float, float, float, float]]], height: float
) -> list[RawWord]:
    if not chars:
        return []
    left = min(box[0] for _, box in chars)
    bottom = min(box[1] for _, box in chars)
    right = max(box[2] for _, box in chars)
    top = max(box[3] for _, box in chars)
    return [("".join(ch for ch, _ in chars), left, height - top, right, height - bottom)]


class _PageFailed(Exception):
    """Neither reader could read a page; the message is the reason."""


def _read_text(reader: Reader, number: int) -> PageText:
    problem = "the page is missing"
    if number <= len(reader.plumber_pages):
        try:
            return _plumber_page(reader.plumber_pages[number - 1])
        except Exception as err:
            problem = describe_page_error(err)
    if reader.pdfium is not None:
        try:
            text = _pdfium_page(reader.pdfium[number - 1])
        except Exception as err:
            problem = describe_page_error(err)
        else:
            if text.lines or number > len(reader.plumber_pages):
                return text
    raise _PageFailed(problem)


def _page_event(number: int, text: PageText, **extra: Any) -> dict[str, Any]:
    return {
        "event": "page",
        "page": number,
        "width": round(text.width, 2),
        "height": round(text.height, 2),
        "lines": text.lines,
        **extra,
    }


def _scan_event(number: int, text: PageText, note: str) -> dict[str, Any]:
    return _page_event(number, text, status="scan", note=note)


def _finish_ocr(
    number: int, text: PageText, image: PageImage, command: str, limits: IngestLimits
) -> dict[str, Any]:
    """Runs in a pool thread: Tesseract on the rendered page, then the page event."""
    try:
        result = read_image(image, (text.width, text.height), command, limits)
    except OcrError as err:
        return _scan_event(number, text, str(err))
    except Exception as err:
        return _scan_event(number, text, f"OCR failed ({describe_page_error(err)})")
    lines = [_clip(line, text.width, text.height) for line in result.lines]
    ocr_text = PageText(text.width, text.height, [line for line in lines if line])
    return _page_event(
        number, ocr_text, status="ocr", ocr=True, confidence=result.confidence, turn=result.turn
    )


class OcrQueue:
    """Runs Tesseract on several rendered pages at once; events are emitted by the main thread."""

    def __init__(self, limits: IngestLimits, emit: Emit) -> None:
        self.limits = limits
        self.emit = emit
        self.workers = ocr_workers(limits)
        self.pool = ThreadPoolExecutor(max_workers=self.workers)
        self.pending: dict[int, Future[dict[str, Any]]] = {}

    def submit(self, number: int, text: PageText, image: PageImage, command: str) -> None:
        """Queues a rendered page, first waiting while all workers are busy."""
        self.drain(keep=self.workers - 1)
        job = self.pool.submit(_finish_ocr, number, text, image, command, self.limits)
        self.pending[number] = job

    def drain(self, keep: int = 0) -> None:
        """Emits finished pages; blocks until at most `keep` pages are still being read."""
        while self.pending:
            done = sorted(n for n, job in self.pending.items() if job.done())
            if not done and len(self.pending) <= keep:
                return
            if not done:
                wait(list(self.pending.values()), return_when=FIRST_COMPLETED)
                continue
            for number in done:
                self.emit(**self.pending.pop(number).result())

    def close(self) -> None:
        """Emits every remaining page and stops the pool."""
        self.drain()
        self.pool.shutdown()


def _start_ocr(reader: Reader, number: int, text: PageText, queue: OcrQueue) -> None:
    if not reader.limits.ocr:
        queue.emit(**_scan_event(number, text, "OCR is turned off"))
        return
    command = find_tesseract(reader.limits)
    if reader.pdfium is None or command is None:
        note = NOT_INSTALLED if command is None else "it cannot be rendered for OCR"
        queue.emit(**_scan_event(number, text, note))
        return
    queue.emit(event="ocr_start", page=number)
    try:
        image = render_page(reader.pdfium[number - 1], reader.limits)
    except Exception as err:
        note = f"OCR failed ({describe_page_error(err)})"
        queue.emit(**_scan_event(number, text, note))
        return
    queue.submit(number, text, image, command)


def _read_page(reader: Reader, number: int, queue: OcrQueue) -> None:
    emit = queue.emit
    emit(event="page_start", page=number)
    try:
        text = _read_text(reader, number)
    except _PageFailed as err:
        emit(event="page_error", page=number, problem=str(err))
        return
    if text.needs_ocr():
        _start_ocr(reader, number, text, queue)
        return
    status = "text" if text.lines else "blank"
    emit(**_page_event(number, text, status=status))
    queue.drain(keep=queue.workers)


def serve(request: dict[str, Any], emit: Emit) -> None:
    """Reads the PDF named in `request` from its `first_page` on, emitting events."""
    limits = IngestLimits.model_validate(request["limits"])
    reader = Reader(Path(request["path"]), limits)
    count = _open(reader, request.get("password"))
    emit(event="open", pages=count)
    if reader.plumber is None:
        emit(event="note", note="the PDF is damaged; it was read with a fallback reader")
    queue = OcrQueue(limits, emit)
    for number in range(int(request.get("first_page", 1)), count + 1):
        try:
            _read_page(reader, number, queue)
        except Exception as err:
            emit(event="page_error", page=number, problem=describe_page_error(err))
    queue.close()
    emit(event="done")


def _emitter(stream: IO[str]) -> Emit:
    def emit(**event: Any) -> None:
        stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        stream.flush()

    return emit


def main() -> int:
    """Entry point of the reader process."""
    stream = _protocol_stream()
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(3000)
    emit = _emitter(stream)
    try:
        request = json.loads(sys.stdin.readline())
        limits = IngestLimits.model_validate(request["limits"])
        _limit_resources(limits)
        serve(request, emit)
    except Fatal as err:
        emit(event="fatal", problem=str(err))
    except BaseException as err:
        emit(event="fatal", problem=describe_open_error(err, None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
