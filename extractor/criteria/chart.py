"""The facts every criterion decision reads: findings, request, catalogue, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from extractor.criteria.catalogue import Catalogue
from extractor.models import Finding
from extractor.vocabulary import Procedure, Region


@dataclass(frozen=True)
class ChartFacts:
    """All findings of one chart, and the request being reviewed."""

    findings: list[Finding]
    procedure: Procedure
    region: Region
    catalogue: Catalogue
    procedure_sections: frozenset[str] = field(default_factory=frozenset)
    plan_sections: frozenset[str] = field(default_factory=frozenset)

    def labelled(self, *labels: str) -> list[Finding]:
        """Returns findings with any of `labels`, in chart order."""
        return [f for f in self.findings if f.label in labels]

    def same_sentence(self, finding: Finding, *labels: str) -> list[Finding]:
        """Returns findings with `labels` in the same sentence as `finding`."""
        return [
            f
            for f in self.findings
            if f.label in labels
            and f.source == finding.source
            and f.sentence_start == finding.sentence_start
        ]

    def nearby(self, finding: Finding, labels: Iterable[str], before: int, after: int = 0
               ) -> list[Finding]:
        """Returns findings with `labels` from `before` chars ahead to `after` chars behind."""
        wanted = set(labels)
        return [
            f
            for f in self.findings
            if f.label in wanted
            and f.source == finding.source
            and finding.match_start - before <= f.match_start <= finding.match_end + after
        ]

    @property
    def reference_date(self) -> dt.date | None:
        """Returns the latest note date of the chart (the date the request is judged at)."""
        dates = [f.note_date for f in self.findings if f.note_date is not None]
        return max(dates) if dates else None

    def in_procedure_note(self, finding: Finding) -> bool:
        """True when the finding sits in a procedure-report section."""
        return (finding.section or "") in self.procedure_sections

    def in_plan(self, finding: Finding) -> bool:
        """True when the finding sits in a plan section or is modified as planned."""
        return (finding.section or "") in self.plan_sections or "PLANNED" in finding.modifiers
