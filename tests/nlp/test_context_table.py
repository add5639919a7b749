"""One sentence table for the target + ConText rules: negative and ConText rows first.

Each row: (text, label, match, flags, modifiers). `match` is a substring of the finding's matched
text; `flags` is the exact set of ConText flags; `modifiers` must all be present.
"""

from __future__ import annotations

import pytest

from extractor.models import Finding

NONE: frozenset[str] = frozenset()

ROWS = [
    # --- defaults measured wrong on our sentences (issue 2), each fixed by a rule
    ("No relief from NSAIDs.", "CONSERVATIVE_CARE", "NSAIDs", NONE, {"CARE_FAILED"}),
    ("Back pain not relieved by PT.", "CONSERVATIVE_CARE", "PT", NONE, {"CARE_FAILED"}),
    ("Her neck pain resolved with PT.", "CONSERVATIVE_CARE", "PT", NONE, {"CARE_HELPED"}),
    ("No improvement with physical therapy.", "CONSERVATIVE_CARE", "physical therapy", NONE,
     {"CARE_FAILED"}),
    ("Negative straight leg raise bilaterally.", "RADICULAR_SIGN", "straight leg raise",
     {"negated"}, set()),
    ("SLR negative bilaterally.", "RADICULAR_SIGN", "SLR", {"negated"}, set()),
    ("History of sciatica, resolved.", "RADICULOPATHY", "sciatica", {"historical"},
     {"RESOLVED"}),
    ("Prior L4-5 medial branch block gave 85% relief.", "PROCEDURE", "medial branch block",
     {"historical"}, set()),
    ("She previously had sciatica.", "RADICULOPATHY", "sciatica", {"historical"}, set()),
    ("Family history: mother with lumbar stenosis.", "NON_FACET_SOURCE", "stenosis", {"family"},
     set()),
    ("No radicular symptoms, axial pain 7/10.", "RADICULOPATHY", "radicular symptoms",
     {"negated"}, set()),
    ("No radicular symptoms, axial pain 7/10.", "AXIAL_PAIN", "axial pain", NONE, set()),
    ("Denies leg pain\nLow back pain 6/10", "AXIAL_PAIN", "Low back pain", NONE, set()),
    ("Pt has low back pain for 6 months.", "AXIAL_PAIN", "low back pain", NONE, set()),
    ("HISTORY: Low back pain for 2 years with sciatica.", "RADICULOPATHY", "sciatica", NONE,
     set()),
    # --- negation, hypothetical, family, uncertainty
    ("He denies radiating pain into the legs.", "RADICULOPATHY", "radiating pain", {"negated"},
     set()),
    ("No fracture or malignancy on MRI.", "NON_FACET_SOURCE", "fracture", {"negated"}, set()),
    ("Return if radicular symptoms develop.", "RADICULOPATHY", "radicular symptoms",
     {"hypothetical"}, set()),
    ("Risks including infection and bleeding were discussed.", "NON_FACET_SOURCE", "infection",
     {"hypothetical"}, set()),
    ("Her father had a spinal tumor.", "NON_FACET_SOURCE", "tumor", {"family"}, set()),
    ("Possible L5 radiculopathy.", "RADICULOPATHY", "radiculopathy", {"uncertain"}, set()),
    ("Has not tried physical therapy.", "CONSERVATIVE_CARE", "physical therapy", {"negated"},
     set()),
    ("No prior radiofrequency ablation.", "PROCEDURE", "radiofrequency ablation", {"negated"},
     set()),
    ("We recommend a course of PT.", "CONSERVATIVE_CARE", "PT", NONE, {"PLANNED"}),
    ("Positive Spurling's sign on the right.", "RADICULAR_SIGN", "Spurling", NONE,
     {"EXAM_POSITIVE"}),
    # --- affirmed findings and their values
    ("Axial low back pain x 6 months.", "PAIN_DURATION", "x 6 months", NONE, set()),
    ("She failed PT and NSAIDs.", "CONSERVATIVE_CARE", "NSAIDs", NONE, {"CARE_FAILED"}),
    ("Ibuprofen - minimal benefit.", "CONSERVATIVE_CARE", "Ibuprofen", NONE, {"CARE_FAILED"}),
    ("L5 radiculopathy on the left.", "RADICULOPATHY", "radiculopathy", NONE, set()),
    ("Plan bilateral L4-5 MBB under fluoroscopy.", "GUIDANCE", "fluoroscopy", NONE, set()),
    ("ODI 42%.", "DISABILITY_SCORE", "ODI 42%", NONE, set()),
]


def _find(findings: list[Finding], label: str, match: str) -> Finding:
    hits = [f for f in findings if f.label == label and match.lower() in f.match_text.lower()]
    assert hits, f"no {label} matching {match!r}; got {[(f.label, f.match_text) for f in findings]}"
    return hits[0]


@pytest.mark.parametrize(("text", "label", "match", "flags", "modifiers"), ROWS)
def test_context_rules_sentence_table(findings_of, text, label, match, flags, modifiers):
    finding = _find(findings_of(text), label, match)
    assert set(finding.flags.raised()) == set(flags)
    assert set(modifiers) <= set(finding.modifiers)


def test_pt_abbreviation_does_not_match_pt_patient(findings_of):
    findings = findings_of("Pt reports low back pain 7/10.")
    assert not [f for f in findings if f.label == "CONSERVATIVE_CARE"]


@pytest.mark.parametrize("header", ["Assessment and Plan:", "Plan:", "A/P:"])
def test_plan_headers_are_sections(findings_of, header):
    finding = _find(findings_of(f"HPI: LBP.\n{header} Bilateral L4-5 MBB."), "PROCEDURE", "MBB")
    assert finding.section == "plan"


def test_history_header_does_not_make_hpi_historical(findings_of):
    finding = _find(findings_of("HISTORY:\nAxial low back pain 7/10 for 2 years."),
                    "AXIAL_PAIN", "low back pain")
    assert not finding.flags.historical


def test_family_section_flag_stays_on_its_line(findings_of):
    findings = findings_of("Family history: mother with lumbar stenosis.\nL5 radiculopathy.")
    assert _find(findings, "RADICULOPATHY", "radiculopathy").flags.family is False
    assert _find(findings, "NON_FACET_SOURCE", "stenosis").flags.family is True


def test_every_finding_names_its_rule_and_criterion(findings_of):
    findings = findings_of("LBP x 2 yrs, 8/10. Failed PT. No radicular sx. Plan L4-5 MBB.")
    assert findings
    for finding in findings:
        assert finding.rule_id.count(".") == 2
        assert finding.criterion


@pytest.mark.parametrize("text", ["Iow back pain 7/10", "1ow back pain 7/10", "Jow back pain 7/10"])
def test_common_ocr_slips_still_find_low_back_pain(findings_of, text):
    assert _find(findings_of(text), "AXIAL_PAIN", "back")


def test_same_text_matched_by_two_labels_keeps_each_rule(findings_of):
    # spaCy keys Span extensions by offsets: "LBP" is both a region cue and axial pain
    findings = findings_of("Axial LBP x 5 years, 7/10.")
    axial = _find(findings, "AXIAL_PAIN", "LBP")
    assert axial.rule_id.startswith("axial_pain.")
    assert axial.criterion == "axial_pain"


def test_non_prefix_negates_only_the_next_words(findings_of):
    findings = findings_of("Axial LBP, non-radiating, 7/10.")
    assert _find(findings, "PAIN_SCORE", "7/10").flags.negated is False


def test_ocr_slips_in_levels_and_scores_are_still_read(findings_of):
    findings = findings_of("Plan: bilateral L5-Sl MBB. Pain 7/1O.")
    assert _find(findings, "LEVEL", "L5-Sl").value.levels == ["L5-S1"]
    assert _find(findings, "PAIN_SCORE", "7/1O").value.value == 7
