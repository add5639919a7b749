"""PDF charts -> `Document` with pdfplumber: page text, character offsets and word boxes."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from extractor.errors import InputError
from extractor.ingest.hashing import describe_source
from extractor.ingest.layout import PageLines, blank_running_lines, lines_from_words
from extractor.ingest.normalize import normalize_text
from extractor.models import Box, Document, Page, Word

PAGE_SEPARATOR = "\f"


def _read_pages(path: Path, password: str | None) -> list[PageLines]:
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            return [
                lines_from_words(
                    page.extract_words(keep_blank_chars=False, use_text_flow=False),
                    page_no=index + 1,
                    width=float(page.width),
                    height=float(page.height),
                )
                for index, page in enumerate(pdf.pages)
            ]
    except InputError:
        raise
    except Exception as err:  # pdfminer raises many types for damaged files
        raise InputError(path, f"cannot read this PDF ({type(err).__name__})") from err


def load_pdf(path: Path, *, password: str | None = None) -> Document:
    """Returns the document for a PDF; raises `InputError` when it cannot be read."""
    data = path.read_bytes()
    page_lines = _read_pages(path, password)
    if not page_lines:
        raise InputError(path, "the PDF has no pages")
    text_parts: list[str] = []
    pages: list[Page] = []
    offset = 0
    for index, lines in enumerate(page_lines):
        if index:
            text_parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        page_start = offset
        words: list[Word] = []
        for line_no, line in enumerate(lines.lines):
            if line_no:
                text_parts.append("\n")
                offset += 1
            for word_no, raw in enumerate(line):
                if word_no:
                    text_parts.append(" ")
                    offset += 1
                token = str(raw["text"])
                box = Box(
                    page=lines.page_no,
                    x0=float(raw["x0"]),
                    top=float(raw["top"]),
                    x1=float(raw["x1"]),
                    bottom=float(raw["bottom"]),
                )
                words.append(Word(text=token, start=offset, end=offset + len(token), box=box))
                text_parts.append(token)
                offset += len(token)
        pages.append(
            Page(
                page_no=lines.page_no,
                start=page_start,
                end=offset,
                width=lines.width,
                height=lines.height,
                words=words,
            )
        )
    text = "".join(text_parts)
    if not text.strip():
        raise InputError(path, "the PDF has no text layer (a scan?) and OCR found no text")
    nlp_text = blank_running_lines(normalize_text(text), pages)
    return Document(
        source=describe_source(path, data, "application/pdf"),
        text=text,
        nlp_text=nlp_text,
        pages=pages,
    )
