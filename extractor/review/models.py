"""Review models: reviewer actions, the append-only audit trail, and the reviewed export.

The engine's `Checklist` is never edited. A review is the checklist plus a list of audit events;
what the reviewer sees (and exports) is computed from both by `extractor.review.actions`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator

from extractor.models import Checklist, Evidence, Frozen, SourceFile
from extractor.vocabulary import CriterionId, Procedure, Region, Status

REVIEWED_SCHEMA_NAME = "facet-review.reviewed-checklist"
REVIEWED_SCHEMA_VERSION = "1.0"

IdentitySource = Literal["oidc", "proxy", "typed", "cli"]
Decision = Literal["accepted", "rejected", "cleared"]
Role = Literal["supports", "defeats"]


def _required_text(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("must not be empty")
    return text


class Reviewer(Frozen):
    """Who acted, and where that name came from (OIDC login, proxy header, or typed)."""

    name: str = Field(min_length=1)
    source: IdentitySource

    strip_name = field_validator("name")(_required_text)


# --------------------------------------------------------------------------- actions


class ReviewCreated(Frozen):
    """The chart was uploaded and checked."""

    kind: Literal["created"] = "created"
    files: list[str]
    procedure: Procedure | None = Field(default=None, description="None: detected")
    region: Region | None = Field(default=None, description="None: detected")


class ChartReanalysed(Frozen):
    """The chart was checked again with another procedure/region (a new checklist version)."""

    kind: Literal["reanalysed"] = "reanalysed"
    version: int = Field(ge=1)
    procedure: Procedure | None = None
    region: Region | None = None


class EvidenceDecision(Frozen):
    """The reviewer accepted or rejected one engine evidence item ('cleared' undoes it)."""

    kind: Literal["evidence_decision"] = "evidence_decision"
    criterion: CriterionId
    evidence_key: str = Field(description="evidence_key() of the item")
    decision: Decision
    text: str = Field(default="", description="the evidence sentence, for a readable trail")


class HighlightAdded(Frozen):
    """The reviewer attached a sentence the engine missed to a criterion."""

    kind: Literal["highlight_added"] = "highlight_added"
    criterion: CriterionId
    role: Role
    source: str
    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(min_length=1)
    comment: str = ""


class HighlightRemoved(Frozen):
    """The reviewer withdrew a highlight they (or a colleague) added."""

    kind: Literal["highlight_removed"] = "highlight_removed"
    highlight_seq: int = Field(description="seq of the HighlightAdded event")


class StatusOverride(Frozen):
    """The reviewer set a criterion's status; `status=None` returns it to the engine's call."""

    kind: Literal["status_override"] = "status_override"
    criterion: CriterionId
    status: Status | None
    reason: str = Field(min_length=1, description="required: why the engine's call is wrong")

    strip_reason = field_validator("reason")(_required_text)


class NoteAdded(Frozen):
    """A free-text note on the chart or on one criterion."""

    kind: Literal["note"] = "note"
    criterion: CriterionId | None = None
    text: str = Field(min_length=1)

    strip_text = field_validator("text")(_required_text)


Action = Annotated[
    ReviewCreated
    | ChartReanalysed
    | EvidenceDecision
    | HighlightAdded
    | HighlightRemoved
    | StatusOverride
    | NoteAdded,
    Field(discriminator="kind"),
]


class AuditEvent(Frozen):
    """One stored action: who, when (UTC), what. Rows are never updated or deleted."""

    seq: int = Field(description="position in the review's trail, from 1")
    review_id: str
    at: dt.datetime
    reviewer: Reviewer
    action: Action


# --------------------------------------------------------------------------- reviews


class Review(Frozen):
    """A stored review: the chart's files, the latest engine checklist and the audit trail."""

    id: str
    created_at: dt.datetime
    created_by: Reviewer
    files: list[SourceFile]
    checklist: Checklist
    checklist_version: int = 1
    events: list[AuditEvent] = Field(default_factory=list)


class ReviewSummary(Frozen):
    """A line in the list of past reviews."""

    id: str
    created_at: dt.datetime
    created_by: str
    files: list[str]
    procedure: Procedure
    region: Region
    overall: Status
    events: int


# --------------------------------------------------------------------------- review state


class DecisionRecord(Frozen):
    """The current accept/reject decision on one evidence item."""

    criterion: CriterionId
    evidence_key: str
    decision: Literal["accepted", "rejected"]
    text: str
    reviewer: str
    at: dt.datetime


class OverrideRecord(Frozen):
    """The current override of one criterion's status."""

    criterion: CriterionId
    engine_status: Status
    status: Status
    reason: str
    reviewer: str
    at: dt.datetime


class HighlightRecord(Frozen):
    """A reviewer highlight still in force, as evidence with `origin="reviewer"`."""

    seq: int
    criterion: CriterionId
    evidence: Evidence
    comment: str = ""
    reviewer: str
    at: dt.datetime


class NoteRecord(Frozen):
    """A note, with its author and time."""

    seq: int
    criterion: CriterionId | None
    text: str
    reviewer: str
    at: dt.datetime


class ReviewState(Frozen):
    """What the audit trail adds up to: the decisions currently in force."""

    decisions: dict[str, DecisionRecord] = Field(
        default_factory=dict, description="by evidence_key"
    )
    overrides: dict[str, OverrideRecord] = Field(default_factory=dict, description="by criterion")
    highlights: list[HighlightRecord] = Field(default_factory=list)
    notes: list[NoteRecord] = Field(default_factory=list)


class ReviewedChecklist(Frozen):
    """The export: the engine's checklist, the reviewed checklist, decisions and audit trail.

    `checklist` is exactly what the engine produced. `reviewed` is the same schema after the
    reviewer's work: overridden statuses, rejected evidence removed, added highlights as evidence
    with `origin="reviewer"`, and the overall status recomputed.
    """

    schema_name: Literal["facet-review.reviewed-checklist"] = "facet-review.reviewed-checklist"
    schema_version: str = REVIEWED_SCHEMA_VERSION
    review_id: str
    created_at: dt.datetime
    created_by: Reviewer
    exported_at: dt.datetime
    checklist: Checklist
    reviewed: Checklist
    decisions: list[DecisionRecord]
    overrides: list[OverrideRecord]
    highlights: list[HighlightRecord]
    notes: list[NoteRecord]
    audit: list[AuditEvent]
