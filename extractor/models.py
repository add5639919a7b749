"""Pydantic models: the language between ingest, nlp, criteria, service and export.

Every model is frozen: a layer never edits what the previous layer produced, it returns new values.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor.vocabulary import ContextFlag, CriterionId, Procedure, Region, Status

SCHEMA_NAME: Literal["facet-review.checklist"] = "facet-review.checklist"
SCHEMA_VERSION = "1.0"


class Frozen(BaseModel):
    """Base for immutable models that reject unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- ingest


class Box(Frozen):
    """A rectangle on a page in PDF points, origin top-left (pdfplumber's `top`/`bottom`)."""

    page: int = Field(ge=1, description="1-based page number")
    x0: float
    top: float
    x1: float
    bottom: float


class Word(Frozen):
    """A word of the document text with its position; `text == document.text[start:end]`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    box: Box | None = None


class Page(Frozen):
    """One page: its slice of the document text, its size and its words."""

    page_no: int = Field(ge=1)
    start: int = Field(ge=0, description="offset of the page's first character in Document.text")
    end: int = Field(ge=0)
    width: float | None = None
    height: float | None = None
    words: list[Word] = Field(default_factory=list)
    ocr: bool = Field(default=False, description="text came from OCR; reviewers double-check it")


class SourceFile(Frozen):
    """Where a document came from: file name (no directories), hash and type."""

    name: str
    sha256: str
    mimetype: Literal["application/pdf", "text/plain"]
    size_bytes: int = Field(ge=0)


class Document(Frozen):
    """One input file as text.

    `text` is the single string every offset indexes into. For a .txt input it is the file's
    decoded text exactly, so `file_text[start:end] == text[start:end]`. For a PDF it is the pages'
    text joined by form feeds. `nlp_text` is a same-length normalised view (soft line wraps and
    running headers blanked) so offsets need no map back.
    """

    source: SourceFile
    text: str
    nlp_text: str
    pages: list[Page]
    warnings: list[str] = Field(default_factory=list)

    def boxes_between(self, start: int, end: int) -> list[Box]:
        """Returns the boxes of the words overlapping [start, end) (none for a text file)."""
        return [
            word.box
            for page in self.pages
            if page.start < end and page.end > start
            for word in page.words
            if word.box is not None and word.start < end and word.end > start
        ]

    def page_at(self, offset: int) -> Page:
        """Returns the page containing `offset` (the last page for an offset at the end)."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page
        return self.pages[-1]


# --------------------------------------------------------------------------- typed values


class Duration(Frozen):
    """How long the pain has lasted, in months; from an explicit duration or an onset date."""

    kind: Literal["duration"] = "duration"
    months: float | None = Field(
        default=None, description="None for words like 'chronic' or 'long-standing'"
    )
    qualitative: str | None = Field(default=None, description="'long-standing', 'chronic' ...")
    onset: dt.date | None = None


class PainScore(Frozen):
    """A pain score on a 0-10 (NRS/VRS) or 0-100 (VAS mm) scale; ranges keep both ends."""

    kind: Literal["pain_score"] = "pain_score"
    scale: str = "NRS"
    value: float
    high: float | None = Field(default=None, description="upper end when a range was given")
    out_of: float = 10

    @property
    def normalised(self) -> float:
        """Returns the score (the top of a range) on a 0-10 scale."""
        top = self.high if self.high is not None else self.value
        return top * 10 / self.out_of


class DisabilityScore(Frozen):
    """A disability index (ODI, NDI, Roland-Morris ...) with its value."""

    kind: Literal["disability_score"] = "disability_score"
    scale: str
    value: float
    out_of: float | None = None
    percent: float | None = None


class Relief(Frozen):
    """Relief after a procedure: percent, and how long it lasted when stated."""

    kind: Literal["relief"] = "relief"
    percent: float | None = None
    qualitative: str | None = None
    duration_hours: float | None = None
    pre_score: float | None = None
    post_score: float | None = None


class Levels(Frozen):
    """Spinal levels named in one statement; bilateral at one level is still one level."""

    kind: Literal["levels"] = "levels"
    levels: list[str]
    count: int
    region: Region | None = None
    bilateral: bool = False


class Sessions(Frozen):
    """Procedure sessions counted inside a rolling window."""

    kind: Literal["sessions"] = "sessions"
    count: int
    window_months: int = 12
    procedure_class: str | None = None


class Code(Frozen):
    """A CPT code named in the chart."""

    kind: Literal["cpt"] = "cpt"
    code: str


class DateValue(Frozen):
    """A calendar date found in the chart."""

    kind: Literal["date"] = "date"
    date: dt.date


Value = Annotated[
    Duration | PainScore | DisabilityScore | Relief | Levels | Sessions | Code | DateValue,
    Field(discriminator="kind"),
]


# --------------------------------------------------------------------------- nlp


class Flags(Frozen):
    """ConText flags of a finding."""

    negated: bool = False
    historical: bool = False
    hypothetical: bool = False
    family: bool = False
    uncertain: bool = False

    def raised(self) -> list[ContextFlag]:
        """Returns the names of the flags that are set."""
        return [name for name, on in self.model_dump().items() if on]  # type: ignore[misc]


class Finding(Frozen):
    """One concept found in one document by one rule, with its context."""

    label: str = Field(description="spaCy label, UPPER_SNAKE (AXIAL_PAIN, PAIN_SCORE ...)")
    rule_id: str
    criterion: str = Field(description="criterion the rule serves, or 'frame' (procedure/region)")
    source: str
    match_text: str
    match_start: int
    match_end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    page: int
    section: str | None = None
    flags: Flags = Flags()
    modifiers: list[str] = Field(
        default_factory=list, description="ConText categories that modify it (TREATMENT_FAILED ...)"
    )
    region: Region | None = None
    value: Value | None = None
    note_date: dt.date | None = None
    attributes: dict[str, str] = Field(default_factory=dict, description="rule metadata tags")
    ocr: bool = False


# --------------------------------------------------------------------------- criteria


class Evidence(Frozen):
    """A sentence that supports or defeats a criterion (spec: Evidence)."""

    text: str
    source: str
    page: int
    start: int
    end: int
    boxes: list[Box] = Field(default_factory=list)
    rule_id: str
    flags: list[ContextFlag] = Field(default_factory=list)
    label: str
    match: str = Field(description="the phrase the rule matched inside the sentence")
    role: Literal["supports", "defeats", "context"]
    value: Value | None = None
    region: Region | None = None
    section: str | None = None
    ocr: bool = False
    origin: Literal["engine", "reviewer"] = "engine"


class CriterionResult(Frozen):
    """One criterion's decision with its evidence, typed values and decision trace."""

    id: CriterionId
    status: Status
    summary: str = Field(description="one line: why this status")
    evidence: list[Evidence] = Field(default_factory=list)
    values: list[Value] = Field(default_factory=list)
    trace: list[str] = Field(default_factory=list)
    look_for: str | None = Field(default=None, description="what a reviewer should look for")


class DetectedFrame(Frozen):
    """Procedure or region: given by the reviewer, or detected from the chart."""

    procedure: Procedure
    procedure_source: Literal["given", "detected", "default"]
    region: Region
    region_source: Literal["given", "detected", "default"]


class DocumentInfo(Frozen):
    """A chart document as listed in the checklist."""

    name: str
    sha256: str
    mimetype: str
    pages: int
    note_dates: list[dt.date] = Field(default_factory=list)
    ocr_pages: list[int] = Field(default_factory=list)


class Checklist(Frozen):
    """The engine's answer for one chart; the export format (JSON Schema published)."""

    schema_name: Literal["facet-review.checklist"] = SCHEMA_NAME
    schema_version: str = SCHEMA_VERSION
    documents: list[DocumentInfo]
    procedure: Procedure
    procedure_source: Literal["given", "detected", "default"]
    region: Region
    region_source: Literal["given", "detected", "default"]
    overall: Status
    criteria: list[CriterionResult]
    warnings: list[str] = Field(default_factory=list)

    def criterion(self, criterion_id: str) -> CriterionResult:
        """Returns the result for `criterion_id` (KeyError when absent)."""
        for result in self.criteria:
            if result.id == criterion_id:
                return result
        raise KeyError(criterion_id)
