"""Fixtures for review tests: a store in a temp data dir holding one hand-made review."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.models import Checklist, Document
from extractor.review.models import ReviewCreated
from extractor.review.store import ReviewStore

from .factories import ALICE, NOTE, make_checklist, make_document


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "data")


@pytest.fixture
def document() -> Document:
    return make_document()


@pytest.fixture
def checklist() -> Checklist:
    return make_checklist()


@pytest.fixture
def review_id(store: ReviewStore, document: Document, checklist: Checklist) -> str:
    return store.create([(document.source, NOTE.encode("utf-8"))], [document], checklist, ALICE,
                        ReviewCreated(files=[document.source.name]))


@pytest.fixture
def store_in_env(tmp_path: Path) -> ReviewStore:
    """The store the app opens when FACET_DATA_DIR is tmp_path/data (the `app` fixture)."""
    return ReviewStore(tmp_path / "data")
