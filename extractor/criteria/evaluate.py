"""Runs every criterion decision in spec order and derives the overall status."""

from __future__ import annotations

from collections.abc import Callable

from extractor.criteria.chart import ChartFacts
from extractor.criteria.general import (
    decide_axial_pain,
    decide_conservative_care,
    decide_non_facet,
    decide_pain_duration,
    decide_pain_scale,
    decide_radiculopathy,
)
from extractor.criteria.procedures import (
    decide_guidance,
    decide_levels,
    decide_prior_relief,
    decide_repeat_relief,
    decide_rfa_not_suitable,
    decide_sedation,
    decide_sessions,
)
from extractor.models import CriterionResult
from extractor.vocabulary import CRITERION_IDS, CriterionId, Status

DECISIONS: dict[CriterionId, Callable[[ChartFacts], CriterionResult]] = {
    "axial_pain": decide_axial_pain,
    "pain_duration": decide_pain_duration,
    "conservative_care_failed": decide_conservative_care,
    "no_untreated_radiculopathy": decide_radiculopathy,
    "non_facet_pathology_ruled_out": decide_non_facet,
    "pain_scale_documented": decide_pain_scale,
    "prior_diagnostic_relief": decide_prior_relief,
    "repeat_procedure_relief": decide_repeat_relief,
    "rfa_not_suitable_documented": decide_rfa_not_suitable,
    "levels_within_limit": decide_levels,
    "image_guidance": decide_guidance,
    "sedation_justified": decide_sedation,
    "session_frequency": decide_sessions,
}
assert tuple(DECISIONS) == CRITERION_IDS


def evaluate(facts: ChartFacts) -> list[CriterionResult]:
    """Returns one result per criterion of the spec, in spec order."""
    return [decide(facts) for decide in DECISIONS.values()]


def overall_status(statuses: list[Status]) -> Status:
    """Returns not_met if any is not_met, else insufficient if any is, else met (criteria.md)."""
    applicable = [s for s in statuses if s != "not_applicable"]
    if "not_met" in applicable:
        return "not_met"
    if "insufficient" in applicable:
        return "insufficient"
    return "met"
