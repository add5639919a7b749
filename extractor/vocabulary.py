"""The spec's stable strings (../shared/spec/criteria.md), defined once."""

from __future__ import annotations

from typing import Literal, get_args

CriterionId = Literal[
    "axial_pain",
    "pain_duration",
    "conservative_care_failed",
    "no_untreated_radiculopathy",
    "non_facet_pathology_ruled_out",
    "pain_scale_documented",
    "prior_diagnostic_relief",
    "repeat_procedure_relief",
    "rfa_not_suitable_documented",
    "levels_within_limit",
    "image_guidance",
    "sedation_justified",
    "session_frequency",
]
Status = Literal["met", "not_met", "insufficient", "not_applicable"]
Procedure = Literal[
    "diagnostic_block", "confirmatory_block", "therapeutic_injection", "rfa", "repeat_rfa"
]
Region = Literal["cervical_thoracic", "lumbar_sacral"]
ContextFlag = Literal["negated", "historical", "hypothetical", "family", "uncertain"]

CRITERION_IDS: tuple[CriterionId, ...] = get_args(CriterionId)
STATUSES: tuple[Status, ...] = get_args(Status)
PROCEDURES: tuple[Procedure, ...] = get_args(Procedure)
REGIONS: tuple[Region, ...] = get_args(Region)
CONTEXT_FLAGS: tuple[ContextFlag, ...] = get_args(ContextFlag)
