"""Pure functions from an audit trail to the review state, the reviewed checklist and the export.

Nothing here reads or writes storage: the same events always give the same result, so the screen,
the download and `facet-review export` agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from extractor.criteria.evaluate import overall_status
from extractor.models import Checklist, CriterionResult, Document, Evidence
from extractor.review.models import (
    AuditEvent,
    DecisionRecord,
    EvidenceDecision,
    HighlightAdded,
    HighlightRecord,
    HighlightRemoved,
    NoteAdded,
    NoteRecord,
    OverrideRecord,
    Review,
    ReviewedChecklist,
    ReviewState,
    StatusOverride,
)

REVIEWER_RULE_ID = "reviewer.highlight"
REVIEWER_LABEL = "REVIEWER_HIGHLIGHT"


def evidence_key(criterion: str, evidence: Evidence) -> str:
    """Returns a short id for an evidence item, stable across re-runs of the same chart."""
    raw = f"{criterion}|{evidence.source}|{evidence.start}|{evidence.end}|{evidence.rule_id}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]  # an id, not security


def utc_now() -> dt.datetime:
    """Returns the current time in UTC (timezone-aware)."""
    return dt.datetime.now(dt.UTC)


def highlight_evidence(action: HighlightAdded, document: Document | None) -> Evidence:
    """Returns a reviewer highlight as an `Evidence` item (`origin="reviewer"`)."""
    return Evidence(
        text=action.text,
        source=action.source,
        page=action.page,
        start=action.start,
        end=action.end,
        boxes=document.boxes_between(action.start, action.end) if document else [],
        rule_id=REVIEWER_RULE_ID,
        label=REVIEWER_LABEL,
        match=action.text,
        role=action.role,
        origin="reviewer",
    )


def fold_events(
    events: Sequence[AuditEvent],
    checklist: Checklist,
    documents: Sequence[Document] = (),
) -> ReviewState:
    """Returns the decisions in force after `events`, applied in order (the latest wins)."""
    by_name = {d.source.name: d for d in documents}
    engine_status = {r.id: r.status for r in checklist.criteria}
    decisions: dict[str, DecisionRecord] = {}
    overrides: dict[str, OverrideRecord] = {}
    highlights: dict[int, HighlightRecord] = {}
    notes: list[NoteRecord] = []
    for event in events:
        action, who, at = event.action, event.reviewer.name, event.at
        if isinstance(action, EvidenceDecision):
            if action.decision == "cleared":
                decisions.pop(action.evidence_key, None)
            else:
                decisions[action.evidence_key] = DecisionRecord(
                    criterion=action.criterion, evidence_key=action.evidence_key,
                    decision=action.decision, text=action.text, reviewer=who, at=at,
                )
        elif isinstance(action, StatusOverride):
            if action.status is None:
                overrides.pop(action.criterion, None)
            else:
                overrides[action.criterion] = OverrideRecord(
                    criterion=action.criterion,
                    engine_status=engine_status.get(action.criterion, action.status),
                    status=action.status, reason=action.reason, reviewer=who, at=at,
                )
        elif isinstance(action, HighlightAdded):
            highlights[event.seq] = HighlightRecord(
                seq=event.seq, criterion=action.criterion,
                evidence=highlight_evidence(action, by_name.get(action.source)),
                comment=action.comment, reviewer=who, at=at,
            )
        elif isinstance(action, HighlightRemoved):
            highlights.pop(action.highlight_seq, None)
        elif isinstance(action, NoteAdded):
            notes.append(NoteRecord(seq=event.seq, criterion=action.criterion,
                                    text=action.text, reviewer=who, at=at))
    return ReviewState(decisions=decisions, overrides=overrides,
                       highlights=list(highlights.values()), notes=notes)


def _reviewed_result(result: CriterionResult, state: ReviewState) -> CriterionResult:
    kept = [
        e for e in result.evidence
        if getattr(state.decisions.get(evidence_key(result.id, e)), "decision", "") != "rejected"
    ]
    added = [h.evidence for h in state.highlights if h.criterion == result.id]
    update: dict[str, object] = {"evidence": kept + added}
    override = state.overrides.get(result.id)
    if override is not None:
        update["status"] = override.status
        update["summary"] = f"Reviewer override ({override.reviewer}): {override.reason}"
        update["trace"] = [
            *result.trace,
            f"reviewer {override.reviewer} set {override.engine_status} -> {override.status}: "
            f"{override.reason}",
        ]
    return result.model_copy(update=update)


def apply_review(checklist: Checklist, state: ReviewState) -> Checklist:
    """Returns the checklist as the reviewer left it; the engine's checklist is not changed.

    Overrides replace statuses; rejected evidence is removed; highlights are appended as
    reviewer evidence; the overall status is recomputed from the final statuses.
    """
    criteria = [_reviewed_result(r, state) for r in checklist.criteria]
    return checklist.model_copy(
        update={"criteria": criteria, "overall": overall_status([r.status for r in criteria])}
    )


def build_export(
    review: Review, documents: Sequence[Document] = (), exported_at: dt.datetime | None = None
) -> ReviewedChecklist:
    """Returns the export of a stored review: engine checklist, reviewed checklist, trail."""
    state = fold_events(review.events, review.checklist, documents)
    return ReviewedChecklist(
        review_id=review.id,
        created_at=review.created_at,
        created_by=review.created_by,
        exported_at=exported_at or utc_now(),
        checklist=review.checklist,
        reviewed=apply_review(review.checklist, state),
        decisions=list(state.decisions.values()),
        overrides=list(state.overrides.values()),
        highlights=state.highlights,
        notes=state.notes,
        audit=list(review.events),
    )
