"""Ingest: chart files (PDF or text) -> `Document`."""

from __future__ import annotations

from pathlib import Path

from extractor.errors import InputError
from extractor.ingest.pdf import load_pdf
from extractor.ingest.text import load_text
from extractor.models import Document


def load_document(path: Path, *, password: str | None = None) -> Document:
    """Returns the document for one chart file, or raises `InputError` with a one-line reason."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if head.lstrip().startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return load_pdf(path, password=password)
    return load_text(path)
