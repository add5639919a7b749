"""Criterion decisions on small charts: each status of each criterion, from text to checklist."""

from __future__ import annotations

import pytest

from extractor.criteria.evaluate import overall_status

BASE = (
    "Date of Service: 03/14/2026\n"
    "HPI: Axial low back pain x 2 years, 7/10, worse with extension.\n"
    "Failed PT and NSAIDs without relief.\n"
    "No radicular symptoms. SLR negative bilaterally.\n"
    "MRI: L4-5 facet arthropathy. No fracture.\n"
)


def status(checklist, criterion):
    return checklist.criterion(criterion).status


@pytest.mark.parametrize(("extra", "criterion", "expected"), [
    # axial_pain
    ("", "axial_pain", "met"),
    ("ODI 10%.\n", "axial_pain", "met"),
    # pain_duration
    ("", "pain_duration", "met"),
    # conservative care
    ("", "conservative_care_failed", "met"),
    # radiculopathy
    ("", "no_untreated_radiculopathy", "met"),
    ("Assessment: right L5 radiculopathy.\n", "no_untreated_radiculopathy", "not_met"),
    ("Mother has sciatica.\n", "no_untreated_radiculopathy", "met"),
    # non-facet
    ("", "non_facet_pathology_ruled_out", "met"),
    ("Assessment: pain from an L1 compression fracture.\n", "non_facet_pathology_ruled_out",
     "not_met"),
    # scale
    ("", "pain_scale_documented", "met"),
])
def test_general_criteria_statuses(check_text, extra, criterion, expected):
    checklist = check_text(BASE + extra, procedure="diagnostic_block", region="lumbar_sacral")
    assert status(checklist, criterion) == expected


@pytest.mark.parametrize(("text", "criterion", "expected"), [
    ("Mild low back pain 2/10 for 1 year.", "axial_pain", "not_met"),
    ("Low back pain for 1 year.", "axial_pain", "insufficient"),
    ("Neck pain 8/10 for years.", "axial_pain", "insufficient"),
    ("Low back pain 7/10 for 2 weeks.", "pain_duration", "not_met"),
    ("Chronic low back pain 7/10.", "pain_duration", "insufficient"),
    ("Low back pain 7/10 since March 2024.\nDOS: 03/14/2026", "pain_duration", "met"),
    ("Low back pain 7/10. Has not tried physical therapy.", "conservative_care_failed", "not_met"),
    ("Low back pain 7/10. Pain resolved with PT.", "conservative_care_failed", "not_met"),
    ("Low back pain 7/10. She does PT.", "conservative_care_failed", "insufficient"),
    ("Low back pain 7/10.", "no_untreated_radiculopathy", "insufficient"),
    ("Low back pain 7/10. MRI ordered to rule out fracture.", "non_facet_pathology_ruled_out",
     "insufficient"),
    ("Low back pain.", "pain_scale_documented", "insufficient"),
    ("Low back pain 2-8/10.", "pain_scale_documented", "met"),
])
def test_general_criteria_on_short_charts(check_text, text, criterion, expected):
    checklist = check_text(text, procedure="diagnostic_block", region="lumbar_sacral")
    assert status(checklist, criterion) == expected


def test_other_region_radiculopathy_is_shown_but_does_not_decide(check_text):
    checklist = check_text(BASE + "Separately, C6 radiculopathy in the right arm.\n",
                           procedure="diagnostic_block", region="lumbar_sacral")
    result = checklist.criterion("no_untreated_radiculopathy")
    assert result.status == "met"
    assert any("other region" in line for line in result.trace)


def test_bare_chronic_is_flagged_in_warnings(check_text):
    checklist = check_text("Chronic low back pain 7/10.", procedure="diagnostic_block",
                           region="lumbar_sacral")
    assert any("chronic" in w for w in checklist.warnings)


RFA_CHART = (
    "DOS: 06/01/2026\n"
    "Low back pain 8/10 for 3 years. Failed PT. No radicular symptoms. MRI facet arthropathy.\n"
    "Diagnostic blocks:\n"
    "- 03/02/2026 bilateral L4-5, L5-S1 MBB #1: 90% relief x 6 hours\n"
    "- 04/06/2026 bilateral L4-5, L5-S1 MBB #2: {second}% relief x 2 hours\n"
    "Plan: bilateral L4-5 and L5-S1 radiofrequency ablation.\n"
)


@pytest.mark.parametrize(("second", "expected"), [("85", "met"), ("60", "not_met")])
def test_prior_diagnostic_relief_for_rfa(check_text, second, expected):
    checklist = check_text(RFA_CHART.format(second=second), procedure="rfa",
                           region="lumbar_sacral")
    result = checklist.criterion("prior_diagnostic_relief")
    assert result.status == expected
    assert result.evidence and all(e.rule_id for e in result.evidence)


def test_procedure_criteria_not_applicable_outside_their_procedures(check_text):
    checklist = check_text(RFA_CHART.format(second="85"), procedure="diagnostic_block",
                           region="lumbar_sacral")
    assert status(checklist, "prior_diagnostic_relief") == "not_applicable"
    assert status(checklist, "rfa_not_suitable_documented") == "not_applicable"
    assert status(checklist, "repeat_procedure_relief") == "not_applicable"


def test_levels_three_is_not_met_and_two_is_met(check_text):
    three = check_text("Plan: bilateral L3-4, L4-5 and L5-S1 MBB.", procedure="diagnostic_block",
                       region="lumbar_sacral")
    two = check_text("Plan: bilateral L4-5 and L5-S1 MBB.", procedure="diagnostic_block",
                     region="lumbar_sacral")
    assert status(three, "levels_within_limit") == "not_met"
    assert status(two, "levels_within_limit") == "met"


def test_cpt_64495_is_not_met(check_text):
    checklist = check_text("Plan: L3-4 MBB. CPT 64493, 64494, 64495.",
                           procedure="diagnostic_block", region="lumbar_sacral")
    assert status(checklist, "levels_within_limit") == "not_met"


PROCEDURE_NOTE = (
    "PROCEDURE: Bilateral L4-5 medial branch block.\n"
    "GUIDANCE: {guidance}\n"
    "ANESTHESIA: {anesthesia}\n"
)


@pytest.mark.parametrize(("guidance", "expected"), [
    ("Fluoroscopic guidance.", "met"), ("Ultrasound guidance.", "not_met"),
])
def test_image_guidance_in_a_procedure_note(check_text, guidance, expected):
    text = PROCEDURE_NOTE.format(guidance=guidance, anesthesia="Local anesthesia only.")
    checklist = check_text(text, procedure="diagnostic_block", region="lumbar_sacral")
    assert status(checklist, "image_guidance") == expected


def test_image_guidance_not_applicable_without_a_procedure_note(check_text):
    checklist = check_text("Low back pain. Plan: L4-5 MBB under fluoroscopy.",
                           procedure="diagnostic_block", region="lumbar_sacral")
    assert status(checklist, "image_guidance") == "not_applicable"


@pytest.mark.parametrize(("anesthesia", "expected"), [
    ("Local anesthesia only.", "met"),
    ("Monitored anesthesia care.", "not_met"),
    ("Monitored anesthesia care due to severe anxiety.", "met"),
])
def test_sedation_justified(check_text, anesthesia, expected):
    text = PROCEDURE_NOTE.format(guidance="Fluoroscopic guidance.", anesthesia=anesthesia)
    checklist = check_text(text, procedure="diagnostic_block", region="lumbar_sacral")
    assert status(checklist, "sedation_justified") == expected


def test_session_frequency_counts_rfa_sessions_in_twelve_months(check_text):
    text = ("DOS: 10/20/2026\nLow back pain 8/10.\nLumbar RFA history:\n"
            " 1. 12/02/2025 - left L4-5 RFA\n 2. 02/10/2026 - right L4-5 RFA\n"
            "Plan: repeat right L4-5 RFA.\n")
    checklist = check_text(text, procedure="repeat_rfa", region="lumbar_sacral")
    assert status(checklist, "session_frequency") == "not_met"


def test_therapeutic_injection_needs_reason_rfa_is_unsuitable(check_text):
    with_reason = check_text("Neck pain 7/10. He has a pacemaker; not a candidate for RFA.",
                             procedure="therapeutic_injection", region="cervical_thoracic")
    without = check_text("Neck pain 7/10.", procedure="therapeutic_injection",
                         region="cervical_thoracic")
    assert status(with_reason, "rfa_not_suitable_documented") == "met"
    assert status(without, "rfa_not_suitable_documented") == "insufficient"


@pytest.mark.parametrize(("statuses", "overall"), [
    (["met", "met", "not_applicable"], "met"),
    (["met", "insufficient", "not_applicable"], "insufficient"),
    (["met", "insufficient", "not_met"], "not_met"),
    (["not_applicable"], "met"),
])
def test_overall_status_is_the_spec_rule(statuses, overall):
    assert overall_status(statuses) == overall


def test_detects_procedure_and_region_and_says_so(check_text):
    checklist = check_text("Neck pain 7/10 for 2 years.\nPlan: right C4-5 and C5-6 MBB.")
    assert checklist.region == "cervical_thoracic" and checklist.region_source == "detected"
    assert checklist.procedure == "diagnostic_block"
    assert checklist.procedure_source == "detected"


def test_detects_repeat_rfa(check_text):
    checklist = check_text("LBP 8/10. S/p L4-5 RFA 01/2025 with 70% relief x 9 months.\n"
                           "Plan: repeat L4-5 radiofrequency ablation.")
    assert checklist.procedure == "repeat_rfa"


def test_every_result_has_a_trace_and_met_has_evidence(check_text):
    checklist = check_text(BASE, procedure="diagnostic_block", region="lumbar_sacral")
    for result in checklist.criteria:
        assert result.trace
        if result.status in ("met", "not_met"):
            assert result.evidence, result.id


def test_repeat_rfa_met_by_functional_improvement_on_the_same_scale(check_text):
    text = ("DOS: 10/01/2026\nLBP 7/10 for 5 years.\n"
            "After RFA on 12/08/2025 she had 40% pain reduction, but her ODI went from 50% to 22% "
            "and stayed there for 9 months.\nPlan: repeat L4-5 RFA.")
    checklist = check_text(text, procedure="repeat_rfa", region="lumbar_sacral")
    assert status(checklist, "repeat_procedure_relief") == "met"


def test_recent_undated_blocks_leave_the_session_count_insufficient(check_text):
    text = ("DOS: 10/01/2026\nLBP 7/10 for 5 years.\n"
            "He had two medial branch blocks earlier this year at an outside clinic.\n"
            "Plan: bilateral L4-5 MBB.")
    checklist = check_text(text, procedure="diagnostic_block", region="lumbar_sacral")
    assert status(checklist, "session_frequency") == "insufficient"
