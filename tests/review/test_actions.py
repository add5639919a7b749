from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from extractor.models import Checklist, Document
from extractor.review.actions import (
    REVIEWER_RULE_ID,
    apply_review,
    evidence_key,
    fold_events,
)
from extractor.review.models import (
    Action,
    AuditEvent,
    EvidenceDecision,
    HighlightAdded,
    HighlightRemoved,
    NoteAdded,
    Reviewer,
    StatusOverride,
)

from .factories import ALICE, BOB, NOTE, make_document

T0 = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


def trail(*steps: tuple[Reviewer, Action]) -> list[AuditEvent]:
    return [AuditEvent(seq=i, review_id="r", at=T0 + dt.timedelta(minutes=i), reviewer=who,
                       action=action) for i, (who, action) in enumerate(steps, start=1)]


def key(checklist: Checklist, criterion: str = "axial_pain", index: int = 0) -> str:
    return evidence_key(criterion, checklist.criterion(criterion).evidence[index])


def test_evidence_key_same_item_same_key_other_criterion_differs(checklist: Checklist) -> None:
    item = checklist.criterion("axial_pain").evidence[0]
    assert evidence_key("axial_pain", item) == evidence_key("axial_pain", item.model_copy())
    assert evidence_key("axial_pain", item) != evidence_key("pain_duration", item)


def test_fold_latest_decision_wins_and_cleared_removes(checklist: Checklist) -> None:
    k = key(checklist)
    state = fold_events(trail(
        (ALICE, EvidenceDecision(criterion="axial_pain", evidence_key=k, decision="accepted")),
        (BOB, EvidenceDecision(criterion="axial_pain", evidence_key=k, decision="rejected")),
    ), checklist)
    assert state.decisions[k].decision == "rejected"
    assert state.decisions[k].reviewer == "Bob"
    state = fold_events(trail(
        (ALICE, EvidenceDecision(criterion="axial_pain", evidence_key=k, decision="accepted")),
        (ALICE, EvidenceDecision(criterion="axial_pain", evidence_key=k, decision="cleared")),
    ), checklist)
    assert state.decisions == {}


def test_apply_review_override_sets_status_and_overall(checklist: Checklist) -> None:
    state = fold_events(trail((ALICE, StatusOverride(
        criterion="conservative_care_failed", status="met", reason="PT failed, line 3"))),
        checklist)
    reviewed = apply_review(checklist, state)
    assert reviewed.criterion("conservative_care_failed").status == "met"
    assert reviewed.overall == "met"
    assert "PT failed, line 3" in reviewed.criterion("conservative_care_failed").trace[-1]
    assert state.overrides["conservative_care_failed"].engine_status == "insufficient"
    assert checklist.criterion("conservative_care_failed").status == "insufficient"  # unchanged


def test_apply_review_override_to_not_met_makes_overall_not_met(checklist: Checklist) -> None:
    state = fold_events(trail((ALICE, StatusOverride(
        criterion="axial_pain", status="not_met", reason="radicular"))), checklist)
    assert apply_review(checklist, state).overall == "not_met"


def test_apply_review_override_cleared_returns_engine_status(checklist: Checklist) -> None:
    state = fold_events(trail(
        (ALICE, StatusOverride(criterion="axial_pain", status="not_met", reason="radicular")),
        (BOB, StatusOverride(criterion="axial_pain", status=None, reason="was right")),
    ), checklist)
    assert state.overrides == {}
    assert apply_review(checklist, state) == checklist


def test_apply_review_rejected_evidence_removed_accepted_kept(checklist: Checklist) -> None:
    state = fold_events(trail(
        (ALICE, EvidenceDecision(criterion="axial_pain", evidence_key=key(checklist, index=0),
                                 decision="rejected")),
        (ALICE, EvidenceDecision(criterion="axial_pain", evidence_key=key(checklist, index=1),
                                 decision="accepted")),
    ), checklist)
    kept = apply_review(checklist, state).criterion("axial_pain").evidence
    assert [e.rule_id for e in kept] == ["axial.2"]


def test_apply_review_highlight_added_as_reviewer_evidence_with_boxes(
    checklist: Checklist,
) -> None:
    document = make_document(pdf=True)
    start = NOTE.index("PT failed.")
    events = trail((BOB, HighlightAdded(criterion="conservative_care_failed", role="supports",
                                        source="note.txt", page=1, start=start,
                                        end=start + len("PT failed."), text="PT failed.")))
    state = fold_events(events, checklist, [document])
    added = apply_review(checklist, state).criterion("conservative_care_failed").evidence
    assert len(added) == 1
    assert added[0].origin == "reviewer"
    assert added[0].rule_id == REVIEWER_RULE_ID
    assert added[0].role == "supports"
    assert NOTE[added[0].start:added[0].end] == "PT failed."
    assert [b.x0 for b in added[0].boxes] == [10.0 + start, 10.0 + start + 3]
    assert state.highlights[0].reviewer == "Bob"


def test_fold_highlight_removed(checklist: Checklist, document: Document) -> None:
    events = trail(
        (BOB, HighlightAdded(criterion="axial_pain", role="defeats", source="note.txt", page=1,
                             start=0, end=5, text="Chief")),
        (ALICE, HighlightRemoved(highlight_seq=1)),
    )
    assert fold_events(events, checklist, [document]).highlights == []


def test_fold_notes_in_order(checklist: Checklist) -> None:
    state = fold_events(trail((ALICE, NoteAdded(text="first")),
                              (BOB, NoteAdded(criterion="axial_pain", text="second"))), checklist)
    assert [(n.text, n.criterion, n.reviewer) for n in state.notes] == [
        ("first", None, "Alice"), ("second", "axial_pain", "Bob")]


@pytest.mark.parametrize("reason", ["", "   "])
def test_override_without_reason_rejected(reason: str) -> None:
    with pytest.raises(ValidationError):
        StatusOverride(criterion="axial_pain", status="met", reason=reason)


def test_reviewer_blank_name_rejected() -> None:
    with pytest.raises(ValidationError):
        Reviewer(name="  ", source="typed")
