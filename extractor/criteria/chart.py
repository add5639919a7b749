"""The facts every criterion decision reads: findings, request, catalogue, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

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

    @cached_property
    def _by_label(self) -> dict[str, list[Finding]]:
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            index.setdefault(finding.label, []).append(finding)
        return index

    @cached_property
    def _by_sentence(self) -> dict[tuple[str, int], list[Finding]]:
        index: dict[tuple[str, int], list[Finding]] = {}
        for finding in self.findings:
            index.setdefault((finding.source, finding.sentence_start), []).append(finding)
        return index

    def labelled(self, *labels: str) -> list[Finding]:
        """Returns findings with any of `labels`, in chart order."""
        if len(labels) == 1:
            return list(self._by_label.get(labels[0], []))
        return [f for f in self.findings if f.label in labels]

    def same_sentence(self, finding: Finding, *labels: str) -> list[Finding]:
        """Returns findings with `labels` in the same sentence as `finding`."""
        return [f for f in self._by_sentence.get((finding.source, finding.sentence_start), [])
                if f.label in labels]

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

    @cached_property
    def _procedure_segments(self) -> dict[str, list[tuple[int, int]]]:
        """Per file, the character ranges of notes that are procedure reports.

        A file may hold several notes; each starts at a date-of-service line. A note is a
        procedure report when it has procedure-note cues ("prepped and draped", "needle advanced")
        or a procedure section.
        """
        segments: dict[str, list[tuple[int, int]]] = {}
        for source in {f.source for f in self.findings}:
            mine = [f for f in self.findings if f.source == source]
            starts = sorted({0} | {f.sentence_start for f in mine if f.label == "NOTE_DATE"})
            bounds = list(zip(starts, [*starts[1:], 10**12], strict=True))
            segments[source] = [
                (start, end) for start, end in bounds
                if any(start <= f.match_start < end and (
                    f.label == "PROCEDURE_NOTE_CUE"
                    or (f.section or "") in self.procedure_sections) for f in mine)
            ]
        return segments

    def procedure_segment(self, finding: Finding) -> tuple[int, int] | None:
        """Returns the range of the procedure-report note holding `finding`, if any."""
        for start, end in self._procedure_segments.get(finding.source, []):
            if start <= finding.match_start < end:
                return start, end
        return None

    def in_procedure_note(self, finding: Finding) -> bool:
        """True when the finding sits in a procedure section or in a procedure-report note."""
        section = finding.section or ""
        if section in self.procedure_sections:
            return True
        if section in self.plan_sections:
            return False
        return any(start <= finding.match_start < end
                   for start, end in self._procedure_segments.get(finding.source, []))

    def in_plan(self, finding: Finding) -> bool:
        """True when the finding sits in a plan section or is modified as planned."""
        return (finding.section or "") in self.plan_sections or "PLANNED" in finding.modifiers
