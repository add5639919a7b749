"""Procedure history: which procedures were done, when, and the relief each gave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from extractor.criteria.chart import ChartFacts
from extractor.criteria.evidence import in_region
from extractor.models import DateValue, Finding, Relief

# How far before a relief statement its procedure may be named (chars), when not in one sentence.
_RELIEF_LOOKBACK = 400
# Sections that restate earlier procedures rather than report one.
_SUMMARY_SECTIONS = frozenset({"assessment", "history_of_present_illness", "plan",
                               "past_medical_history"})
# How far after a relief percent its duration may be stated in a sentence of its own (chars).
_DURATION_REACH = 250
# How far above a dated result row its procedure heading may stand (chars).
_ROW_LOOKBACK = 600
_THERAPEUTIC_WORDS = ("therapeutic", "steroid", "depo-medrol", "kenalog", "triamcinolone",
                      "methylprednisolone", "dexamethasone", "celestone", "betamethasone")


@dataclass(frozen=True)
class PastProcedure:
    """A procedure the chart says was done (not planned), with its date and relief if stated."""

    finding: Finding
    kind: str  # "mbb", "ia", "rfa"
    therapeutic: bool
    date: dt.date | None
    relief: Finding | None

    @property
    def percent(self) -> float | None:
        """Returns the percent relief, when stated."""
        value = self.relief.value if self.relief else None
        return value.percent if isinstance(value, Relief) else None

    lasting: Finding | None = None

    @property
    def relief_months(self) -> float | None:
        """Returns how long the relief lasted in months, when stated."""
        for source in (self.relief, self.lasting):
            value = source.value if source else None
            if isinstance(value, Relief) and value.duration_hours is not None:
                return value.duration_hours / 730
        return None


def procedure_kind(facts: ChartFacts, finding: Finding) -> tuple[str, bool]:
    """Returns (kind, therapeutic) of a PROCEDURE finding."""
    kind = finding.attributes.get("class", "mbb")
    sentence = finding.sentence.lower()
    therapeutic = finding.attributes.get("therapeutic") == "yes" or (
        kind == "ia" and any(word in sentence for word in _THERAPEUTIC_WORDS)
        and "diagnostic" not in sentence
    )
    return kind, therapeutic


def _is_done(facts: ChartFacts, finding: Finding, date: dt.date | None) -> bool:
    """True when the procedure was performed: historical, reported, dated in the past, or rated."""
    if finding.flags.negated or finding.flags.hypothetical or finding.flags.family:
        return False
    if finding.flags.historical:
        return True
    if "PLANNED" in finding.modifiers or (finding.section or "") in facts.plan_sections:
        return False
    reference = finding.note_date or facts.reference_date
    if date is not None and reference is not None and date < reference:
        return True
    return facts.in_procedure_note(finding) or bool(facts.same_sentence(finding, "RELIEF"))


def _date_of(facts: ChartFacts, finding: Finding) -> dt.date | None:
    dates = [f.value.date for f in facts.same_sentence(finding, "DATE")
             if isinstance(f.value, DateValue)]
    if dates:
        return dates[0]
    # a procedure note is dated by its date of service; a summary line in an assessment is not
    if facts.in_procedure_note(finding) and (finding.section or "") not in _SUMMARY_SECTIONS:
        return finding.note_date
    return None


def _about_care(facts: ChartFacts, relief: Finding) -> bool:
    """True for "no improvement with PT": a conservative-care outcome, not a block's result."""
    return bool(facts.same_sentence(relief, "CONSERVATIVE_CARE")) and not facts.same_sentence(
        relief, "PROCEDURE")


def _relief_for(facts: ChartFacts, finding: Finding, used: set[int]) -> Finding | None:
    """Returns the relief statement that reports this procedure's result."""
    candidates = [r for r in facts.same_sentence(finding, "RELIEF") if id(r) not in used]
    segment = facts.procedure_segment(finding)
    if not candidates and segment is not None:
        # a procedure note's post-procedure relief belongs to the procedure it reports
        candidates = [r for r in facts.labelled("RELIEF") if id(r) not in used
                      and r.source == finding.source and segment[0] <= r.match_start < segment[1]
                      and r.match_start > finding.match_end]
    if not candidates:
        following = facts.nearby(finding, ["RELIEF"], before=0, after=_RELIEF_LOOKBACK)
        candidates = [
            r for r in following
            if id(r) not in used and r.match_start > finding.match_end
            and not [p for p in facts.same_sentence(r, "PROCEDURE") if p is not finding]
            and not _about_care(facts, r)
            and r.attributes.get("attach") != "same_sentence"
        ]
    if not candidates:
        return None
    closest = min(candidates, key=lambda r: abs(r.match_start - finding.match_start))
    used.add(id(closest))
    return closest


def _row_sessions(facts: ChartFacts, used: set[int]) -> list[PastProcedure]:
    """Dated rows under a procedure heading ("01/13/2026 | 8 | 1 | 88%"): one session each."""
    rows: list[PastProcedure] = []
    for relief in facts.labelled("RELIEF"):
        if facts.same_sentence(relief, "PROCEDURE"):
            continue
        dates = [f.value.date for f in facts.same_sentence(relief, "DATE")
                 if isinstance(f.value, DateValue)]
        if not dates:
            continue
        heading = [p for p in facts.nearby(relief, ["PROCEDURE"], before=_ROW_LOOKBACK)
                   if p.match_start < relief.match_start and _is_heading_kind(p)]
        if not heading:
            continue
        procedure = heading[-1]
        kind, therapeutic = procedure_kind(facts, procedure)
        used.add(id(relief))
        rows.append(PastProcedure(procedure, kind, therapeutic, dates[0], relief))
    return rows


def _is_heading_kind(finding: Finding) -> bool:
    return not (finding.flags.negated or finding.flags.family or finding.flags.hypothetical
                or "PLANNED" in finding.modifiers)


def _lasting(facts: ChartFacts, relief: Finding | None) -> Finding | None:
    """Returns a later "relief lasted about 7 months" statement for a relief without duration."""
    if relief is None:
        return None
    value = relief.value
    if isinstance(value, Relief) and value.duration_hours is not None:
        return None
    after = [f for f in facts.nearby(relief, ["RELIEF_DURATION"], before=0,
                                     after=_DURATION_REACH) if f.match_start >= relief.match_start]
    return after[0] if after else None


def past_procedures(facts: ChartFacts) -> list[PastProcedure]:
    """Returns the procedures documented as done in the request's region, one per session.

    Mentions with the same kind and date (or, undated, the same sentence) are one session.
    """
    used: set[int] = set()
    sessions: dict[tuple[str, str], PastProcedure] = {}
    for row in _row_sessions(facts, used):
        assert row.date is not None
        sessions[(row.kind, row.date.isoformat())] = row
    for finding in facts.labelled("PROCEDURE"):
        if not in_region(finding, facts.region):
            continue
        date = _date_of(facts, finding)
        if not _is_done(facts, finding, date) and not _rated_later(facts, finding, used):
            continue
        kind, therapeutic = procedure_kind(facts, finding)
        relief = _relief_for(facts, finding, used)
        key = (kind, date.isoformat() if date else f"{finding.source}:{finding.sentence_start}")
        previous = sessions.get(key)
        if previous is None or (previous.relief is None and relief is not None):
            sessions[key] = PastProcedure(finding, kind, therapeutic, date, relief)
        for extra in _more_results(facts, finding, used):
            # "IA block 03/2025 90% relief; 04/2025 85% relief": one session per result
            extra_date = _date_before(facts, extra)
            extra_key = (kind, extra_date.isoformat() if extra_date
                         else f"{extra.source}:{extra.match_start}")
            sessions.setdefault(extra_key, PastProcedure(finding, kind, therapeutic,
                                                         extra_date, extra))
    return [replace(p, lasting=_lasting(facts, p.relief)) for p in sessions.values()]


def _more_results(facts: ChartFacts, finding: Finding, used: set[int]) -> list[Finding]:
    """Further relief results in the procedure's sentence when it reports several sessions."""
    others = [p for p in facts.same_sentence(finding, "PROCEDURE") if p is not finding]
    if others:
        return []
    extra = [r for r in facts.same_sentence(finding, "RELIEF") if id(r) not in used
             and r.value is not None and getattr(r.value, "percent", None) is not None]
    used.update(id(r) for r in extra)
    return extra


def _date_before(facts: ChartFacts, relief: Finding) -> dt.date | None:
    """Returns the date written just before a result in the same sentence."""
    dates = [f for f in facts.same_sentence(relief, "DATE")
             if f.match_start < relief.match_start and isinstance(f.value, DateValue)]
    if not dates:
        return None
    value = dates[-1].value
    return value.date if isinstance(value, DateValue) else None


def _rated_later(facts: ChartFacts, finding: Finding, used: set[int]) -> bool:
    """True when a relief statement follows the mention (so the procedure has been done)."""
    if "PLANNED" in finding.modifiers or (finding.section or "") in facts.plan_sections:
        return False
    if finding.flags.negated or finding.flags.hypothetical or finding.flags.family:
        return False
    return any(id(r) not in used and r.match_start > finding.match_end
               for r in facts.nearby(finding, ["RELIEF"], before=0, after=_RELIEF_LOOKBACK))
