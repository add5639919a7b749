"""Shared helpers: which findings count, and how a finding becomes evidence and a trace line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from extractor.models import CriterionResult, Evidence, Finding, Value
from extractor.vocabulary import CriterionId, Region, Status

Role = Literal["supports", "defeats", "context"]


def in_region(finding: Finding, region: Region) -> bool:
    """True when the finding is about `region` or names no region at all."""
    return finding.region is None or finding.region == region


def why_dropped(finding: Finding, region: Region, *, allow: Iterable[str] = ()) -> str | None:
    """Returns the reason a finding does not count as affirmed, current, in-region evidence."""
    if not in_region(finding, region):
        return "other region"
    raised = [flag for flag in finding.flags.raised() if flag not in set(allow)]
    return ", ".join(raised) if raised else None


def where(finding: Finding) -> str:
    """Returns 'file p.N' for trace lines."""
    return f"{finding.source} p.{finding.page}"


def fired(finding: Finding, note: str = "") -> str:
    """Returns a trace line for a rule that fired."""
    suffix = f" -> {note}" if note else ""
    return f"{finding.rule_id} matched '{finding.match_text}' ({where(finding)}){suffix}"


def dropped(finding: Finding, reason: str) -> str:
    """Returns a trace line for evidence that was set aside."""
    return f"dropped '{finding.match_text}' ({where(finding)}): {reason} [{finding.rule_id}]"


def to_evidence(finding: Finding, role: Role) -> Evidence:
    """Returns the evidence item for a finding: its sentence, offsets, rule and flags."""
    return Evidence(
        text=finding.sentence,
        source=finding.source,
        page=finding.page,
        start=finding.sentence_start,
        end=finding.sentence_end,
        rule_id=finding.rule_id,
        flags=finding.flags.raised(),
        label=finding.label,
        match=finding.match_text,
        role=role,
        value=finding.value,
        region=finding.region,
        section=finding.section,
        ocr=finding.ocr,
    )


class ResultBuilder:
    """Collects evidence, values and trace lines for one criterion, then builds its result."""

    def __init__(self, criterion: CriterionId) -> None:
        self.criterion = criterion
        self.evidence: list[Evidence] = []
        self.values: list[Value] = []
        self.trace: list[str] = []
        self._seen: set[tuple[str, int, str]] = set()

    def add(self, finding: Finding, role: Role, note: str = "") -> None:
        """Adds a finding as evidence (one item per sentence and role) with a trace line."""
        self.trace.append(fired(finding, note or role))
        key = (finding.source, finding.sentence_start, role)
        if key not in self._seen:
            self._seen.add(key)
            self.evidence.append(to_evidence(finding, role))
        if finding.value is not None and finding.value not in self.values:
            self.values.append(finding.value)

    def add_all(self, findings: Iterable[Finding], role: Role, note: str = "") -> None:
        """Adds each finding as evidence with the same role and trace note."""
        for finding in findings:
            self.add(finding, role, note)

    def drop(self, finding: Finding, reason: str) -> None:
        """Records evidence set aside, and why."""
        self.trace.append(dropped(finding, reason))

    def note(self, line: str) -> None:
        """Adds a free trace line."""
        self.trace.append(line)

    def result(self, status: Status, summary: str, look_for: str | None = None) -> CriterionResult:
        """Returns the result; deciding evidence (supports/defeats) is listed first."""
        order = {"defeats": 0, "supports": 1, "context": 2}
        if status == "met":
            order = {"supports": 0, "defeats": 1, "context": 2}
        evidence = sorted(self.evidence, key=lambda e: order[e.role])
        if not self.trace:
            self.trace.append("no rule for this criterion fired in the chart")
        return CriterionResult(
            id=self.criterion,
            status=status,
            summary=summary,
            evidence=evidence,
            values=self.values,
            trace=self.trace,
            look_for=look_for if status == "insufficient" else None,
        )
