"""Decisions for the general criteria (every procedure), criteria.md 'General criteria'."""

from __future__ import annotations

from extractor.criteria.chart import ChartFacts
from extractor.criteria.evidence import ResultBuilder, in_region, why_dropped
from extractor.models import CriterionResult, Duration, Finding, PainScore

_SEVERE = {"moderate", "severe"}
# A duration phrase with none of these (nor a pain finding) in its sentence is not about pain.
_PAIN_WORDS = ("pain", "symptom", "problem", "complaint", "ache", "discomfort", "injury",
               "began", "started", "onset", "strain", "injur", "hurt", "fell", "fall", "lifting",
               "accident", "mva", "mvc", "whiplash", "going on", "had this", "present for",
               "duration",
               "it started", "it began")
# How far after a modality named without an outcome its outcome sentence may follow (chars).
_OUTCOME_REACH = 300
# Words that make a short duration a flare or a visit count only this close to it (chars).
_ONSET_WINDOW = 40
# A duration this close after a treatment or procedure mention is that treatment's duration.
_ATTACHED_CHARS = 25
# Findings whose durations are about a treatment or a procedure, not about the pain.
_NOT_PAIN_LABELS = ("CONSERVATIVE_CARE", "PROCEDURE", "RELIEF", "SEDATION")


def _baseline_scores(facts: ChartFacts) -> list[Finding]:
    """Pain scores that describe the pain itself (not post-procedure or relief readings)."""
    scores = []
    for finding in facts.labelled("PAIN_SCORE"):
        if facts.same_sentence(finding, "RELIEF") or finding.section == "post_procedure":
            continue
        # a number is not negated: "non-radiating, 7/10" still rates the pain
        if why_dropped(finding, facts.region, allow=("negated",)) is None:
            scores.append(finding)
    return scores


def _without_axial_pain(facts: ChartFacts, out: ResultBuilder, look_for: str) -> CriterionResult:
    """not_met when axial pain is denied while radicular pain is affirmed; else insufficient."""
    denied = [f for f in facts.labelled("AXIAL_PAIN")
              if f.flags.negated and in_region(f, facts.region)]
    radicular = [f for f in facts.labelled("RADICULOPATHY")
                 if not f.flags.raised() and in_region(f, facts.region)
                 and _radicular_strength(f) == "strong"]
    if denied and radicular:
        out.add(denied[0], "defeats", "axial pain denied")
        out.add(radicular[0], "defeats", "radicular pain affirmed")
        return out.result("not_met", "Axial pain is denied; the complaint is radicular.")
    return out.result("insufficient", "No affirmed neck/back pain found for this region.",
                      look_for)


def decide_axial_pain(facts: ChartFacts) -> CriterionResult:
    """met: moderate-severe axial pain of the region; not_met: mild or mainly radicular."""
    spec = facts.catalogue["axial_pain"]
    out = ResultBuilder("axial_pain")
    pains = []
    for finding in facts.labelled("AXIAL_PAIN"):
        reason = why_dropped(finding, facts.region)
        if reason:
            out.drop(finding, reason)
        else:
            pains.append(finding)
    for finding in facts.labelled("RADICULAR_PREDOMINANT"):
        if why_dropped(finding, facts.region) is None:
            out.add(finding, "defeats", "pain predominantly radicular")
            return out.result("not_met", "Pain is documented as predominantly radicular.")
    if not pains:
        return _without_axial_pain(facts, out, spec.look_for)
    out.add_all(pains[:3], "supports", "axial pain")
    severities = [
        f for p in pains for f in facts.same_sentence(p, "PAIN_SEVERITY") if f.flags.raised() == []
    ]
    strong = [f for f in severities if f.attributes.get("severity") in _SEVERE]
    scores = _baseline_scores(facts)
    values = [f.value.normalised for f in scores if isinstance(f.value, PainScore)]
    high_scores = [f for f in scores
                   if isinstance(f.value, PainScore)
                   and f.value.normalised >= spec.number("moderate_score")]
    # a disability index alone does not state the pain's severity (labelled insufficient)
    if strong or high_scores:
        out.add_all((strong + high_scores)[:3], "supports", "moderate-to-severe")
        return out.result("met", "Moderate-to-severe axial pain of the region is documented.")
    mild = [f for f in severities if f.attributes.get("severity") == "mild"]
    if values or mild:
        out.add_all((scores + mild)[:3], "defeats", "mild")
        return out.result("not_met", "Pain is documented as mild (every score below 4/10).")
    return out.result("insufficient", "Axial pain found but its severity is not stated.",
                      spec.look_for)


def _about_pain(facts: ChartFacts, finding: Finding) -> bool:
    """True when a duration phrase describes the pain rather than a treatment or procedure.

    "PT x 6 weeks" and "80% relief lasting 5 months" are not pain durations; "LBP x 2 yrs" and
    "It has been going on since 2023" (in the history) are.
    """
    if facts.same_sentence(finding, "RELIEF"):
        return False
    attached = [f for f in facts.same_sentence(finding, *_NOT_PAIN_LABELS)
                if 0 <= finding.match_start - f.match_end <= _ATTACHED_CHARS]
    if attached:
        return False
    if facts.same_sentence(finding, "AXIAL_PAIN", "RADICULOPATHY"):
        return True
    sentence = finding.sentence.lower()
    return any(word in sentence for word in _PAIN_WORDS)


def _states_onset(facts: ChartFacts, finding: Finding, not_onset: list[str]) -> bool:
    """True when a short duration dates the pain itself ("LBP x 2 weeks"), not a flare or visit."""
    offset = finding.match_start - finding.sentence_start
    window = finding.sentence[max(0, offset - _ONSET_WINDOW): offset + _ONSET_WINDOW].lower()
    return bool(facts.same_sentence(finding, "AXIAL_PAIN")) and not any(
        word in window for word in not_onset
    )


def decide_pain_duration(facts: ChartFacts) -> CriterionResult:
    """met: >= 3 months (explicit or from onset date); not_met: shorter; 'chronic' alone flags."""
    spec = facts.catalogue["pain_duration"]
    minimum = spec.number("minimum_months")
    out = ResultBuilder("pain_duration")
    long_enough, short, chronic, qualitative = [], [], [], []
    for finding in facts.labelled("PAIN_DURATION", "PAIN_ONSET"):
        reason = why_dropped(finding, facts.region, allow=("historical",))
        if reason:
            out.drop(finding, reason)
            continue
        if not _about_pain(facts, finding):
            out.drop(finding, "duration of a treatment or procedure, not of the pain")
            continue
        value = finding.value
        if not isinstance(value, Duration):
            continue
        if value.months is not None and value.months >= minimum:
            long_enough.append(finding)
        elif value.months is not None:
            if _states_onset(facts, finding, spec.strings("not_onset_words")):
                short.append(finding)
            else:
                out.drop(finding, "short duration not tied to the pain's onset")
        elif value.qualitative == "chronic":
            chronic.append(finding)
        elif value.qualitative == "acute":
            short.append(finding)
        elif value.qualitative:
            qualitative.append(finding)
    if long_enough or qualitative:
        out.add_all((long_enough + qualitative)[:3], "supports", ">= 3 months")
        return out.result("met", "Pain duration of 3 months or more is documented.")
    if short:
        out.add_all(short[:3], "defeats", "< 3 months")
        return out.result("not_met", "Pain duration under 3 months is documented.")
    if chronic:
        out.add_all(chronic[:2], "context", "bare 'chronic'")
        out.note("only the bare word 'chronic' documents duration: reviewers deny on it")
        return out.result("insufficient", "Only 'chronic' is stated; no duration or onset date.",
                          spec.look_for)
    return out.result("insufficient", "No pain duration or onset date found.", spec.look_for)


def _later_outcome(facts: ChartFacts, care: Finding) -> Finding | None:
    """Returns the outcome sentence that follows a modality named without one.

    "She has had Medrol and analgesics. None of these helped." - unless the outcome sentence is
    about a procedure or surgery.
    """
    outcomes = [f for f in facts.nearby(care, ["CARE_OUTCOME"], before=0, after=_OUTCOME_REACH)
                if f.match_start > care.match_end and not f.flags.raised()
                and not facts.same_sentence(f, "PROCEDURE", "RADICULOPATHY_TREATMENT")]
    return outcomes[0] if outcomes else None


def decide_conservative_care(facts: ChartFacts) -> CriterionResult:
    """met: a modality tried and failed; not_met: not tried or successful; else insufficient."""
    spec = facts.catalogue["conservative_care_failed"]
    out = ResultBuilder("conservative_care_failed")
    failed, helped, not_tried, unclear = [], [], [], []
    for finding in facts.labelled("CONSERVATIVE_CARE"):
        reason = why_dropped(finding, facts.region, allow=("historical", "negated"))
        if reason:
            out.drop(finding, reason)
        elif "CARE_FAILED" in finding.modifiers:
            failed.append(finding)
        elif "CARE_HELPED" in finding.modifiers:
            helped.append(finding)
        elif finding.flags.negated:
            not_tried.append(finding)
        elif "PLANNED" in finding.modifiers:
            out.drop(finding, "planned, not yet tried")
        else:
            unclear.append(finding)
    outcomes: list[Finding] = []
    for finding in list(unclear):
        outcome = _later_outcome(facts, finding)
        if outcome is not None:
            unclear.remove(finding)
            outcomes.append(outcome)
            is_failed = outcome.attributes.get("outcome") == "failed"
            (failed if is_failed else helped).append(finding)
    if failed:
        # a named modality reads better as the deciding sentence than a "Conservative care:" label
        failed.sort(key=lambda f: f.attributes.get("modality") == "conservative_general")
        out.add_all(failed[:4], "supports", "tried and failed")
        for outcome in outcomes[:2]:
            out.add(outcome, "supports", "outcome stated after the modality")
        return out.result("met", "Conservative care tried without adequate relief.")
    if helped:
        out.add_all(helped[:3], "defeats", "successful")
        for outcome in outcomes[:2]:
            out.add(outcome, "defeats", "outcome stated after the modality")
        return out.result("not_met", "Conservative care is documented as successful.")
    if not_tried and not unclear:
        out.add_all(not_tried[:3], "defeats", "not tried")
        return out.result("not_met", "Conservative care is documented as not tried.")
    out.add_all(unclear[:3], "context", "named without an outcome")
    summary = ("Conservative care named without an outcome." if unclear
               else "No conservative care found.")
    return out.result("insufficient", summary, spec.look_for)


def _radicular_strength(finding: Finding) -> str:
    return finding.attributes.get("strength", "strong")


def decide_radiculopathy(facts: ChartFacts) -> CriterionResult:
    """met: radicular symptoms negated, resolved or treated; not_met: affirmed and current."""
    spec = facts.catalogue["no_untreated_radiculopathy"]
    out = ResultBuilder("no_untreated_radiculopathy")
    supports, defeats = [], []
    cysts = [f for f in facts.labelled("FACET_CYST") if why_dropped(f, facts.region) is None]
    for finding in facts.labelled("RADICULOPATHY", "RADICULAR_SIGN"):
        if not in_region(finding, facts.region):
            out.drop(finding, "other region")
            continue
        if finding.flags.family or finding.flags.hypothetical:
            out.drop(finding, "family" if finding.flags.family else "hypothetical")
        elif finding.flags.negated:
            supports.append(finding)
        elif {"RESOLVED", "TREATED"} & set(finding.modifiers) or finding.flags.historical:
            if _radicular_strength(finding) == "weak" and "RESOLVED" not in finding.modifiers:
                out.drop(finding, "past, and not specific for radiculopathy")
            else:
                supports.append(finding)
        elif finding.label == "RADICULAR_SIGN":
            if "EXAM_POSITIVE" in finding.modifiers:
                defeats.append(finding)
            else:
                out.drop(finding, "exam sign without a result")
        elif finding.flags.uncertain or _radicular_strength(finding) == "weak":
            reason = "uncertain" if finding.flags.uncertain else "not specific for radiculopathy"
            out.drop(finding, reason)
        else:
            defeats.append(finding)
    treatments = [f for f in facts.labelled("RADICULOPATHY_TREATMENT")
                  if facts.in_procedure_note(f) and not f.flags.raised()]
    if defeats and treatments:
        out.add_all(treatments[:1] + defeats[:2], "supports",
                    "radiculopathy treated by this procedure")
        return out.result("met", "Radiculopathy is documented and treated in this chart.")
    if defeats and cysts:
        out.add_all(defeats[:2] + cysts[:2], "supports",
                    "radiculopathy from a facet synovial cyst")
        return out.result("met", "Radicular findings are attributed to a facet synovial cyst.")
    if defeats:
        out.add_all(defeats[:3], "defeats", "affirmed, current")
        out.add_all(supports[:2], "context", "negated/resolved")
        return out.result("not_met", "Radicular symptoms are affirmed and current for this region.")
    if supports:
        out.add_all(supports[:4], "supports", "negated, resolved or treated")
        return out.result("met", "Radicular symptoms are negated, resolved or treated.")
    return out.result("insufficient", "Radiculopathy is not addressed.", spec.look_for)


def _imaging_with_result(facts: ChartFacts, finding: Finding) -> bool:
    """True for an imaging mention that reports a result (not guidance, not an order)."""
    if facts.in_procedure_note(finding) or facts.same_sentence(finding, "WORKUP_PENDING"):
        return False
    results = facts.same_sentence(finding, "FACET_PATHOLOGY", "NON_FACET_SOURCE", "IMAGING_RESULT")
    return bool(results) or finding.section == "imaging"


def _work_up(facts: ChartFacts, out: ResultBuilder) -> list[Finding]:
    """Imaging with a result, spine exam findings, and non-facet sources ruled out on them."""
    supports = []
    for finding in facts.labelled("IMAGING", "EXAM", "FACET_PATHOLOGY", "IMAGING_RESULT"):
        reason = why_dropped(finding, facts.region)
        if reason:
            out.drop(finding, reason)
        elif finding.label == "IMAGING" and not _imaging_with_result(facts, finding):
            out.drop(finding, "imaging named without a result (or guidance/order)")
        elif finding.label == "FACET_PATHOLOGY" and not (
            facts.same_sentence(finding, "IMAGING") or (finding.section in ("imaging", None)
            and facts.labelled("IMAGING"))
        ):
            out.drop(finding, "diagnosis label without imaging")
        else:
            supports.append(finding)
    return supports


def decide_non_facet(facts: ChartFacts) -> CriterionResult:
    """met: imaging/exam without a non-facet source; not_met: a non-facet source named."""
    spec = facts.catalogue["non_facet_pathology_ruled_out"]
    out = ResultBuilder("non_facet_pathology_ruled_out")
    defeats, ruled_out, pending, suspicious = [], [], [], []
    for finding in facts.labelled("NON_FACET_SOURCE"):
        reason = why_dropped(finding, facts.region)
        if finding.flags.negated and in_region(finding, facts.region):
            ruled_out.append(finding)
        elif reason:
            out.drop(finding, reason)
        elif finding.attributes.get("severity") == "definite":
            defeats.append(finding)
        elif finding.attributes.get("severity") == "suspicious":
            suspicious.append(finding)
        else:
            out.add(finding, "context", "finding not named as the pain source")
    for finding in facts.labelled("WORKUP_PENDING"):
        if why_dropped(finding, facts.region, allow=("hypothetical",)) is None:
            pending.append(finding)
    supports = _work_up(facts, out)
    if supports:
        # a negated fracture/tumour counts once imaging or an exam is on record
        supports = [f for f in ruled_out if facts.same_sentence(f, "IMAGING")
                    or f.section in ("imaging", "physical_exam")] + supports
    else:
        ruled_out = [f for f in ruled_out if f.section == "imaging"]
        supports = ruled_out
    if defeats:
        out.add_all(defeats[:3], "defeats", "non-facet source")
        return out.result("not_met", "A non-facet pain source is documented.")
    if suspicious:
        # herniation or root/cord compression on imaging: a possible non-facet source
        out.add_all(suspicious[:3], "context", "possible non-facet source on imaging")
        return out.result("insufficient", "Imaging shows a possible non-facet source "
                          "(disc herniation, root or cord compression).", spec.look_for)
    if pending and not any(f.label in ("IMAGING", "FACET_PATHOLOGY", "IMAGING_RESULT")
                           for f in supports):
        out.add_all(pending[:2], "context", "work-up pending")
        return out.result("insufficient", "Imaging to rule out other causes is pending.",
                          spec.look_for)
    if supports:
        ranked = sorted(supports,
                        key=lambda f: f.label != "FACET_PATHOLOGY" and not f.flags.negated)
        out.add_all(ranked[:4], "supports", "work-up without a non-facet source")
        return out.result("met", "Imaging/exam documented with no non-facet source found.")
    out.add_all(pending[:2], "context", "work-up pending")
    summary = "Work-up is pending." if pending else "No imaging or exam addressing other sources."
    return out.result("insufficient", summary, spec.look_for)


def decide_pain_scale(facts: ChartFacts) -> CriterionResult:
    """met: a pain or disability scale with a value (ranges flagged); never not_met."""
    spec = facts.catalogue["pain_scale_documented"]
    out = ResultBuilder("pain_scale_documented")
    found = []
    for finding in facts.labelled("PAIN_SCORE", "DISABILITY_SCORE"):
        # a scale documents the patient's pain whichever region it rates
        reason = ", ".join(f for f in finding.flags.raised() if f in ("family", "hypothetical"))
        if reason or finding.value is None:
            out.drop(finding, reason or "no value")
        else:
            found.append(finding)
    if not found:
        return out.result("insufficient", "No pain or disability scale with a value.",
                          spec.look_for)
    disability = [f for f in found if f.label == "DISABILITY_SCORE"]
    pain = [f for f in found if f.label == "PAIN_SCORE"]
    out.add_all(disability[:2] + pain[:2], "supports", "scale with value")
    ranges = [f for f in found if isinstance(f.value, PainScore) and f.value.high is not None]
    if ranges:
        out.note(f"pain range documented ('{ranges[0].match_text}'): payers ask for one value")
    return out.result("met", "A pain/disability scale with a value is documented.")
