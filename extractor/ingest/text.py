"""Plain-text charts -> `Document` (one page; offsets index the file's decoded text)."""

from __future__ import annotations

from pathlib import Path

from extractor.errors import InputError
from extractor.ingest.hashing import describe_source
from extractor.ingest.normalize import normalize_text
from extractor.ingest.words import split_words
from extractor.models import Document, Page


def load_text(path: Path) -> Document:
    """Returns the document for a UTF-8 text file; raises `InputError` when it is not usable."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "the file is empty: nothing to check")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(path, "not UTF-8 text; save it as UTF-8 and try again") from err
    page = Page(page_no=1, start=0, end=len(text), words=split_words(text, 0))
    return Document(
        source=describe_source(path, data, "text/plain"),
        text=text,
        nlp_text=normalize_text(text),
        pages=[page],
    )
