"""Detects the request (procedure and region) from the chart when the reviewer gives none."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Literal

from extractor.models import DateValue, Finding
from extractor.vocabulary import Procedure, Region

Source = Literal["given", "detected", "default"]
_REGION_LABELS = ("AXIAL_PAIN", "LEVEL", "PROCEDURE")
# how close an ordinal ("repeat", "second", "#2") must stand to the procedure it qualifies
_ORDER_WINDOW = 40


def detect_region(findings: list[Finding]) -> tuple[Region, Source]:
    """Returns the region most findings about pain, levels and procedures point to."""
    votes = Counter(f.region for f in findings if f.label in _REGION_LABELS and f.region)
    if not votes:
        votes = Counter(f.region for f in findings if f.region)
    if not votes:
        return "lumbar_sacral", "default"
    return votes.most_common(1)[0][0], "detected"  # type: ignore[return-value]


def _names_levels(findings: list[Finding], mention: Finding) -> bool:
    return any(f.label == "LEVEL" and f.source == mention.source
               and f.sentence_start == mention.sentence_start for f in findings)


def _order_of(findings: list[Finding], mention: Finding) -> str | None:
    """Returns 'repeat', 'second' or 'first' when such a word qualifies the mention."""
    near = [f for f in findings if f.label == "PROCEDURE_ORDER" and f.source == mention.source
            and mention.match_start - _ORDER_WINDOW <= f.match_start <= mention.match_end + 6
            and f.sentence_start == mention.sentence_start]
    return near[-1].attributes.get("order") if near else None


def _dated_before_note(findings: list[Finding], mention: Finding) -> bool:
    """True for "MBB on 07/30/2026" in a note written after that date: history, not a request."""
    if mention.note_date is None:
        return False
    return any(f.label == "DATE" and f.source == mention.source
               and f.sentence_start == mention.sentence_start
               and isinstance(f.value, DateValue) and f.value.date < mention.note_date
               for f in findings)


def request_mentions(findings: list[Finding], region: Region | None,
                     plan_sections: frozenset[str],
                     procedure_sections: frozenset[str]) -> list[Finding]:
    """Returns the PROCEDURE mentions that state the request, latest note last.

    Planned procedures ("Plan: bilateral L4-5 MBB") are the request; a procedure note stands for
    it only when the chart plans nothing (a retrospective review of a performed procedure).
    `region=None` returns the requests of every region.
    """
    current = [f for f in findings if f.label == "PROCEDURE"
               and (region is None or f.region in (None, region))
               and not (f.flags.negated or f.flags.family or f.flags.historical)
               and not _dated_before_note(findings, f)]
    # "if the blocks help, we will consider RFA": the conditional next step is not the request
    firm = [f for f in current if not f.flags.hypothetical]
    current = firm or current
    planned = [f for f in current
               if "PLANNED" in f.modifiers or (f.section or "") in plan_sections]
    chosen = planned or [f for f in current if (f.section or "") in procedure_sections]
    if not chosen:
        # no plan or procedure section recognised: a current mention that names its levels
        chosen = [f for f in current if _names_levels(findings, f)]
    return sorted(chosen, key=lambda f: f.note_date or dt.date.min)


def detect_procedure(
    findings: list[Finding], region: Region, plan_sections: frozenset[str],
    procedure_sections: frozenset[str],
) -> tuple[Procedure, Source]:
    """Returns the requested procedure: the last planned or performed one in the chart."""
    mentions = [f for f in findings if f.label == "PROCEDURE"
                and (f.region in (None, region))]
    requests = request_mentions(findings, region, plan_sections, procedure_sections)
    if not requests:
        return "diagnostic_block", "default"
    last = max(requests, key=lambda f: (f.note_date or dt.date.min, _names_levels(findings, f)))
    kind = last.attributes.get("class", "mbb")
    sentence = last.sentence.lower()
    order = _order_of(findings, last)
    prior = [f for f in mentions if f not in requests and (
        f.flags.historical or (f.section or "") in procedure_sections)]
    if kind == "rfa":
        repeat = any(p.attributes.get("class") == "rfa" for p in prior) or order == "repeat"
        return ("repeat_rfa" if repeat else "rfa"), "detected"
    steroid = any(f.label == "STEROID" and f.source == last.source and not f.flags.negated
                  and ((f.section or "") in procedure_sections or
                       f.sentence_start == last.sentence_start) for f in findings)
    if kind == "ia" and (last.attributes.get("therapeutic") == "yes" or "therapeutic" in sentence
                         or steroid):
        return "therapeutic_injection", "detected"
    confirm = order in ("second", "repeat") or any(
        p.attributes.get("class") in ("mbb", "ia") for p in prior
    )
    return ("confirmatory_block" if confirm else "diagnostic_block"), "detected"
