"""Detects the request (procedure and region) from the chart when the reviewer gives none."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from extractor.models import Finding
from extractor.vocabulary import Procedure, Region

Source = Literal["given", "detected", "default"]
_REGION_LABELS = ("AXIAL_PAIN", "LEVEL", "PROCEDURE")
_CONFIRM_WORDS = ("second", "confirmatory", "comparative", "repeat", "2nd", "#2")


def detect_region(findings: list[Finding]) -> tuple[Region, Source]:
    """Returns the region most findings about pain, levels and procedures point to."""
    votes = Counter(f.region for f in findings if f.label in _REGION_LABELS and f.region)
    if not votes:
        votes = Counter(f.region for f in findings if f.region)
    if not votes:
        return "lumbar_sacral", "default"
    return votes.most_common(1)[0][0], "detected"  # type: ignore[return-value]


def _is_request(finding: Finding, plan_sections: frozenset[str],
                procedure_sections: frozenset[str]) -> bool:
    if finding.flags.negated or finding.flags.family or finding.flags.historical:
        return False
    section = finding.section or ""
    return "PLANNED" in finding.modifiers or section in plan_sections | procedure_sections


def detect_procedure(
    findings: list[Finding], region: Region, plan_sections: frozenset[str],
    procedure_sections: frozenset[str],
) -> tuple[Procedure, Source]:
    """Returns the requested procedure: the last planned or performed one in the chart."""
    mentions = [f for f in findings if f.label == "PROCEDURE"
                and (f.region in (None, region))]
    requests = [f for f in mentions if _is_request(f, plan_sections, procedure_sections)]
    if not requests:
        return "diagnostic_block", "default"
    last = requests[-1]
    kind = last.attributes.get("class", "mbb")
    sentence = last.sentence.lower()
    prior = [f for f in mentions if f.flags.historical or f.match_start < last.match_start
             and f.source == last.source and f not in requests]
    if kind == "rfa":
        repeat = any(p.attributes.get("class") == "rfa" for p in prior) or "repeat" in sentence
        return ("repeat_rfa" if repeat else "rfa"), "detected"
    if kind == "ia" and (last.attributes.get("therapeutic") == "yes" or "therapeutic" in sentence
                         or "steroid" in sentence):
        return "therapeutic_injection", "detected"
    confirm = any(word in sentence for word in _CONFIRM_WORDS) or any(
        p.attributes.get("class") in ("mbb", "ia") for p in prior
    )
    return ("confirmatory_block" if confirm else "diagnostic_block"), "detected"
