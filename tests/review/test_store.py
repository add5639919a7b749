from __future__ import annotations

import sqlite3

import pytest

from extractor.models import Checklist, Document
from extractor.review.models import EvidenceDecision, NoteAdded, StatusOverride
from extractor.review.store import DB_NAME, ReviewNotFoundError, ReviewStore, data_dir_from_env

from .factories import ALICE, BOB, NOTE


def test_store_create_load_round_trip(
    store: ReviewStore, review_id: str, checklist: Checklist, document: Document
) -> None:
    review = store.load(review_id)
    assert review.checklist == checklist
    assert review.created_by == ALICE
    assert [f.name for f in review.files] == ["note.txt"]
    assert review.checklist_version == 1
    assert [e.action.kind for e in review.events] == ["created"]
    assert store.documents(review_id) == [document]
    assert store.file_bytes(review_id, "note.txt") == NOTE.encode("utf-8")


def test_store_reopened_after_restart_keeps_events(store: ReviewStore, review_id: str) -> None:
    store.append(review_id, BOB, NoteAdded(text="check page 2"))
    again = ReviewStore(store.data_dir)  # a server restart: a new store on the same file
    events = again.load(review_id).events
    assert [e.seq for e in events] == [1, 2]
    assert events[1].reviewer == BOB
    assert events[1].at.tzinfo is not None and events[1].at.utcoffset().total_seconds() == 0


def test_store_append_returns_stored_event(store: ReviewStore, review_id: str) -> None:
    event = store.append(review_id, ALICE, StatusOverride(criterion="axial_pain",
                                                          status="not_met", reason="radicular"))
    assert event.seq == 2
    assert event.action == StatusOverride(criterion="axial_pain", status="not_met",
                                          reason="radicular")


@pytest.mark.parametrize("table", ["audit", "reviews", "files", "documents", "checklists"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET review_id = review_id",
                                       "DELETE FROM {table}"])
def test_store_tables_update_or_delete_aborts(
    store: ReviewStore, review_id: str, table: str, statement: str
) -> None:
    if table == "reviews":
        statement = statement.replace("review_id = review_id", "id = id")
    db = sqlite3.connect(store.data_dir / DB_NAME)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(statement.format(table=table))
    finally:
        db.close()
    assert len(store.load(review_id).events) == 1


def test_store_add_checklist_new_version_is_latest(
    store: ReviewStore, review_id: str, checklist: Checklist
) -> None:
    changed = checklist.model_copy(update={"procedure": "rfa", "procedure_source": "given"})
    assert store.add_checklist(review_id, changed) == 2
    review = store.load(review_id)
    assert review.checklist.procedure == "rfa"
    assert review.checklist_version == 2


def test_store_unknown_review_raises(store: ReviewStore) -> None:
    with pytest.raises(ReviewNotFoundError):
        store.load("nope")
    with pytest.raises(ReviewNotFoundError):
        store.append("nope", ALICE, NoteAdded(text="x"))


def test_store_list_reviews_newest_first(
    store: ReviewStore, review_id: str, document: Document, checklist: Checklist
) -> None:
    second = store.create([(document.source, b"x")], [document], checklist, BOB,
                          store.load(review_id).events[0].action)
    store.append(second, BOB, EvidenceDecision(criterion="axial_pain", evidence_key="k",
                                               decision="accepted"))
    listed = store.list_reviews()
    assert [r.id for r in listed] == [second, review_id]
    assert listed[0].created_by == "Bob"
    assert listed[0].events == 2
    assert listed[0].files == ["note.txt"]


def test_data_dir_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("FACET_DATA_DIR", str(tmp_path))
    assert data_dir_from_env() == tmp_path
    monkeypatch.delenv("FACET_DATA_DIR")
    assert str(data_dir_from_env()) == "data"
