"""Service layer: chart files in, `Checklist` out. The app, CLI and evaluation call only this."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from extractor.models import Checklist, Document
from extractor.vocabulary import Procedure, Region

Progress = Callable[[str], None]


def load_chart(paths: Sequence[Path], *, password: str | None = None) -> list[Document]:
    """Returns one `Document` per file; raises `InputError` naming the first bad file."""
    from extractor.ingest import load_document

    return [load_document(Path(p), password=password) for p in paths]


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
) -> Checklist:
    """Returns the checklist for the chart made of `paths` (several files = one chart)."""
    return check_documents(load_chart(paths, password=password), procedure, region)
