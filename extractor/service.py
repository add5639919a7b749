"""Service layer: chart files in, `Checklist` out. The app, CLI and evaluation call only this."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from extractor.models import Checklist, Document
from extractor.vocabulary import Procedure, Region

Progress = Callable[[str], None]


def load_chart(
    paths: Sequence[Path], *, password: str | None = None, progress: Progress | None = None
) -> list[Document]:
    """Returns one `Document` per file; raises `InputError` naming the first bad file.

    `progress` gets one short line per page read or OCR'd ("OCR page 2 of 5 (scanned page)").
    """
    from extractor.ingest import load_document

    def report(name: str) -> Progress | None:
        return None if progress is None else (lambda line: progress(f"{name}: {line}"))

    return [load_document(Path(p), password, report(Path(p).name)) for p in paths]


def check_documents(
    documents: Sequence[Document],
    procedure: Procedure | None = None,
    region: Region | None = None,
) -> Checklist:
    """Returns the checklist for a chart already loaded (one chart = all `documents`)."""
    from extractor.engine import get_engine

    return get_engine().check(documents, procedure=procedure, region=region)


def review_chart(
    paths: Sequence[Path],
    procedure: Procedure | None = None,
    region: Region | None = None,
    *,
    password: str | None = None,
    progress: Progress | None = None,
) -> Checklist:
    """Returns the checklist for the chart made of `paths` (several files = one chart)."""
    documents = load_chart(paths, password=password, progress=progress)
    return check_documents(documents, procedure, region)
