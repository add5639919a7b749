"""The review service the screen and the CLI call: start, re-check, record, export a review.

Uploaded bytes go to a private temporary directory only while ingest reads them; what is kept
lives in the `ReviewStore`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath

from extractor.errors import InputError
from extractor.ingest import load_document
from extractor.models import Checklist, Document, SourceFile
from extractor.review.actions import build_export
from extractor.review.models import (
    ChartReanalysed,
    ReviewCreated,
    ReviewedChecklist,
    Reviewer,
)
from extractor.review.store import ReviewStore
from extractor.service import check_documents
from extractor.vocabulary import Procedure, Region

Upload = tuple[str, bytes]
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    """Progress sink that ignores messages."""


def unique_names(names: Sequence[str]) -> list[str]:
    """Returns the base names of `names`, made unique ('note.txt', 'note (2).txt')."""
    seen: set[str] = set()
    unique = []
    for raw in names:
        name = PurePath(raw.replace("\\", "/")).name or "chart"
        stem, suffix = PurePath(name).stem, PurePath(name).suffix
        candidate, count = name, 1
        while candidate.lower() in seen:
            count += 1
            candidate = f"{stem} ({count}){suffix}"
        seen.add(candidate.lower())
        unique.append(candidate)
    return unique


def read_uploads(files: Sequence[Upload], progress: Progress = _quiet,
                 password: str | None = None) -> list[Document]:
    """Returns one document per uploaded file; raises `InputError` naming the first bad one."""
    if not files:
        raise InputError("chart", "no file was uploaded; add a PDF or text file")
    documents = []
    with tempfile.TemporaryDirectory(prefix="facet-upload-") as folder:
        for number, (name, data) in enumerate(files, start=1):
            progress(f"Reading {name} (file {number} of {len(files)})")
            path = Path(folder) / name
            path.write_bytes(data)
            documents.append(load_document(path, password or None, progress))
    return documents


def analyse(
    files: Sequence[Upload],
    procedure: Procedure | None = None,
    region: Region | None = None,
    progress: Progress = _quiet,
    password: str | None = None,
) -> tuple[list[Document], Checklist]:
    """Returns the documents and the engine's checklist for the uploaded chart."""
    named = list(zip(unique_names([n for n, _ in files]), [d for _, d in files], strict=True))
    documents = read_uploads(named, progress, password)
    progress("Checking the criteria")
    return documents, check_documents(documents, procedure, region)


def start_review(
    store: ReviewStore,
    files: Sequence[Upload],
    reviewer: Reviewer,
    procedure: Procedure | None = None,
    region: Region | None = None,
    progress: Progress = _quiet,
    password: str | None = None,
) -> str:
    """Analyses the uploaded chart, stores it as a new review and returns the review id.

    `password` opens encrypted PDFs; it is used for reading only and never stored.
    """
    named = list(zip(unique_names([n for n, _ in files]), [d for _, d in files], strict=True))
    documents, checklist = analyse(named, procedure, region, progress, password)
    progress("Saving the review")
    stored: list[tuple[SourceFile, bytes]] = [
        (document.source, data) for document, (_, data) in zip(documents, named, strict=True)
    ]
    action = ReviewCreated(files=[s.name for s, _ in stored], procedure=procedure, region=region)
    return store.create(stored, documents, checklist, reviewer, action)


def reanalyse(
    store: ReviewStore,
    review_id: str,
    reviewer: Reviewer,
    procedure: Procedure | None = None,
    region: Region | None = None,
) -> int:
    """Checks the stored chart again with another procedure/region; returns the new version."""
    checklist = check_documents(store.documents(review_id), procedure, region)
    version = store.add_checklist(review_id, checklist)
    store.append(review_id, reviewer,
                 ChartReanalysed(version=version, procedure=procedure, region=region))
    return version


def export_review(store: ReviewStore, review_id: str) -> ReviewedChecklist:
    """Returns the export of a stored review (raises `ReviewNotFoundError`)."""
    return build_export(store.load(review_id), store.documents(review_id))
