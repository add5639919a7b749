"""The review service over the real engine (one shared engine per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.review.store import ReviewStore
from extractor.review.workbench import export_review, reanalyse, start_review, unique_names

from .charts import chart_text, write_chart_pdf
from .factories import ALICE


def test_unique_names_strip_dirs_and_dedupe() -> None:
    assert unique_names(["a/b/note.txt", "C:\\x\\note.txt", "NOTE.txt", "scan.pdf"]) == [
        "note.txt", "note (2).txt", "NOTE (3).txt", "scan.pdf"]


def test_start_review_pdf_and_text_one_chart(store: ReviewStore, tmp_path: Path) -> None:
    pdf = write_chart_pdf(tmp_path / "chart.pdf").read_bytes()
    messages: list[str] = []
    review_id = start_review(store, [("dir/chart.pdf", pdf), ("extra.txt", b"Pain 6/10.\n")],
                             ALICE, progress=messages.append)
    review = store.load(review_id)
    assert [d.name for d in review.checklist.documents] == ["chart.pdf", "extra.txt"]
    assert review.checklist.procedure_source in ("detected", "default")
    assert store.file_bytes(review_id, "chart.pdf") == pdf
    assert len(store.documents(review_id)[0].pages) >= 2
    assert messages[0].startswith("Reading chart.pdf") and "Checking the criteria" in messages
    boxed = [e for r in review.checklist.criteria for e in r.evidence if e.source == "chart.pdf"]
    assert boxed and all(e.boxes for e in boxed)


def test_start_review_bad_file_raises_and_stores_nothing(store: ReviewStore) -> None:
    with pytest.raises(InputError, match=r"empty\.txt"):
        start_review(store, [("good.txt", chart_text().encode()), ("empty.txt", b"")], ALICE)
    assert store.list_reviews() == []


def test_reanalyse_given_frame_new_version_and_event(store: ReviewStore) -> None:
    review_id = start_review(store, [("note.txt", chart_text().encode())], ALICE)
    assert reanalyse(store, review_id, ALICE, "rfa", "lumbar_sacral") == 2
    review = store.load(review_id)
    assert (review.checklist.procedure, review.checklist.procedure_source) == ("rfa", "given")
    assert review.events[-1].action.kind == "reanalysed"
    assert export_review(store, review_id).checklist.procedure == "rfa"


def test_start_review_opens_an_encrypted_pdf_with_its_password(store: ReviewStore) -> None:
    encrypted = (Path(__file__).parents[1] / "data" / "encrypted.pdf").read_bytes()
    with pytest.raises(InputError, match="encrypted"):
        start_review(store, [("locked.pdf", encrypted)], ALICE)
    review_id = start_review(store, [("locked.pdf", encrypted)], ALICE, password="secret")
    assert store.load(review_id).checklist.documents[0].name == "locked.pdf"
