"""The evaluation report: metrics per criterion and overall, misses, flag accuracy, errors."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor.vocabulary import ContextFlag, CriterionId, Procedure, Region, Status


class _Report(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StatusMetrics(_Report):
    """Precision, recall and F1 of one status (None when undefined: nothing to divide by)."""

    status: Status
    support: int = Field(description="gold label is this status")
    predicted: int = Field(description="prediction is this status")
    true_positive: int
    precision: float | None
    recall: float | None
    f1: float | None


class Metrics(_Report):
    """Agreement, decisive agreement, per-status P/R/F1 and the confusion matrix of a set of calls.

    A call agrees when the predicted status is one of the gold's accepted statuses. The gold label
    of a call (for P/R/F1 and the confusion matrix) is the prediction when it is accepted, else
    the first accepted status; so the matrix diagonal sums to `agree`.
    """

    n: int
    agree: int
    agreement: float | None
    decisive_n: int = Field(description="calls whose gold accepts only met/not_met/not_applicable")
    decisive_agree: int
    decisive_agreement: float | None
    per_status: list[StatusMetrics]
    macro_f1: float | None = Field(description="mean F1 over statuses with gold support")
    confusion: dict[Status, dict[Status, int]] = Field(description="gold label -> predicted -> n")


class CriterionMetrics(Metrics):
    """Metrics of one criterion over all evaluated charts."""

    criterion: CriterionId


class GroupMetrics(Metrics):
    """Metrics of all criteria over the charts of one procedure or one region."""

    group: str
    charts: int


class FrameMiss(_Report):
    """A chart whose procedure or region the checker detected wrongly (run without them)."""

    chart: str
    procedure: Procedure
    detected_procedure: Procedure | None
    region: Region
    detected_region: Region | None
    note: str = ""


class FrameAccuracy(_Report):
    """How often the checker detects the gold procedure and region when not given them."""

    n: int
    procedure_agree: int
    region_agree: int
    procedure_accuracy: float | None
    region_accuracy: float | None
    misses: list[FrameMiss] = Field(default_factory=list)


class Miss(_Report):
    """A call the checker got wrong, with what it said and why."""

    chart: str
    criterion: CriterionId
    gold: list[Status]
    predicted: Status
    gold_reason: str
    summary: str
    evidence: str | None = Field(description="first deciding evidence sentence, truncated")
    source: str | None = None
    page: int | None = None


class FlagItem(_Report):
    """One gold evidence phrase and the engine evidence found on it."""

    chart: str
    criterion: CriterionId
    text: str
    gold_flags: list[ContextFlag]
    outcome: Literal["matched", "mismatched", "missing", "not_in_chart"]
    predicted_flags: list[ContextFlag] | None = None
    predicted_criterion: CriterionId | None = None
    evidence: str | None = None


class FlagAccuracy(_Report):
    """ConText flag accuracy over the gold evidence phrases.

    `found` phrases have engine evidence on them; `matched` of those carry exactly the gold flags;
    `missing` have none; `not_in_chart` could not be located in the chart text (a gold typo).
    """

    total: int
    found: int
    matched: int
    missing: int
    not_in_chart: int
    accuracy: float | None = Field(description="matched / found")
    coverage: float | None = Field(description="found / (total - not_in_chart)")


class ChartRow(_Report):
    """One chart as evaluated."""

    chart: str
    files: list[str]
    source: Literal["text", "pdf"]
    procedure: Procedure
    region: Region
    agree: int
    n: int
    overall: Status
    seconds: float


class ChartError(_Report):
    """A chart that could not be evaluated: bad gold file, unreadable input, or a checker crash."""

    chart: str
    kind: Literal["gold", "input", "crash"]
    message: str


class EvaluationReport(_Report):
    """The whole evaluation of a gold directory."""

    gold_dir: str
    pdf_dir: str | None = None
    charts: list[ChartRow]
    errors: list[ChartError] = Field(default_factory=list)
    unlabelled: list[str] = Field(default_factory=list, description="chart files with no gold file")
    overall: Metrics
    per_criterion: list[CriterionMetrics]
    per_procedure: list[GroupMetrics] = Field(default_factory=list)
    per_region: list[GroupMetrics] = Field(default_factory=list)
    charts_all_agree: int = Field(description="charts where every criterion agrees")
    flags: FlagAccuracy
    flag_items: list[FlagItem] = Field(description="every gold evidence phrase and its outcome")
    misses: list[Miss]
    frame: FrameAccuracy | None = Field(
        default=None, description="procedure/region detection, when run with detection"
    )
