from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.models import Checklist
from extractor.review import command
from extractor.review.actions import build_export, evidence_key
from extractor.review.models import (
    EvidenceDecision,
    HighlightAdded,
    NoteAdded,
    ReviewedChecklist,
    StatusOverride,
)
from extractor.review.store import ReviewStore
from extractor.review.workbench import export_review

from .factories import ALICE, BOB


@pytest.fixture
def worked_review(store: ReviewStore, review_id: str, checklist: Checklist) -> str:
    k = evidence_key("axial_pain", checklist.criterion("axial_pain").evidence[0])
    store.append(review_id, ALICE, EvidenceDecision(criterion="axial_pain", evidence_key=k,
                                                    decision="accepted", text="Chief"))
    store.append(review_id, BOB, StatusOverride(criterion="conservative_care_failed",
                                                status="met", reason="PT failed"))
    store.append(review_id, BOB, HighlightAdded(criterion="conservative_care_failed",
                                                role="supports", source="note.txt", page=1,
                                                start=55, end=65, text="PT failed."))
    store.append(review_id, ALICE, NoteAdded(text="ask for the MRI report"))
    return review_id


def test_export_contains_engine_reviewed_decisions_and_trail(
    store: ReviewStore, worked_review: str, checklist: Checklist
) -> None:
    exported = export_review(store, worked_review)
    assert exported.schema_name == "facet-review.reviewed-checklist"
    assert exported.checklist == checklist
    assert exported.reviewed.overall == "met"
    assert exported.reviewed.criterion("conservative_care_failed").evidence[0].origin == "reviewer"
    assert [d.decision for d in exported.decisions] == ["accepted"]
    assert [(o.criterion, o.status, o.reason) for o in exported.overrides] == [
        ("conservative_care_failed", "met", "PT failed")]
    assert [h.evidence.text for h in exported.highlights] == ["PT failed."]
    assert [n.text for n in exported.notes] == ["ask for the MRI report"]
    assert [e.action.kind for e in exported.audit] == [
        "created", "evidence_decision", "status_override", "highlight_added", "note"]
    assert all(e.at.utcoffset() == dt.timedelta(0) for e in exported.audit)


def test_export_json_round_trips(store: ReviewStore, worked_review: str) -> None:
    exported = export_review(store, worked_review)
    again = ReviewedChecklist.model_validate_json(exported.model_dump_json())
    assert again == exported


def test_export_same_events_same_result(store: ReviewStore, worked_review: str) -> None:
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    review = store.load(worked_review)
    assert build_export(review, exported_at=at) == build_export(review, exported_at=at)


def _args(review_id: str, data_dir: Path, out: Path | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    argv = [review_id, "--data-dir", str(data_dir)] + (["--out", str(out)] if out else [])
    return parser.parse_args(argv)


def test_command_export_writes_file(store: ReviewStore, worked_review: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert command.run(_args(worked_review, store.data_dir, out)) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["review_id"] == worked_review
    assert payload["overrides"][0]["reason"] == "PT failed"


def test_command_export_stdout(store: ReviewStore, worked_review: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(_args(worked_review, store.data_dir)) == 0
    assert json.loads(capsys.readouterr().out)["review_id"] == worked_review


def test_command_export_unknown_review_exit_2(store: ReviewStore, review_id: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(_args("missing", store.data_dir)) == 2
    assert "no review 'missing'" in capsys.readouterr().err


def test_command_export_no_database_exit_2(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(_args("x", tmp_path / "empty")) == 2
    assert "no review database" in capsys.readouterr().err
    assert not (tmp_path / "empty").exists()
