"""Decisions for the procedure criteria, criteria.md 'Procedure criteria'."""

from __future__ import annotations

from extractor.criteria.chart import ChartFacts
from extractor.criteria.evidence import ResultBuilder, why_dropped
from extractor.criteria.frame import request_mentions
from extractor.criteria.history import PastProcedure, past_procedures
from extractor.models import Code, CriterionResult, Finding, Levels, Relief, Sessions
from extractor.nlp.values import months_between
from extractor.vocabulary import CriterionId


def not_applicable(criterion: CriterionId, why: str) -> CriterionResult:
    """Returns a not_applicable result with its reason."""
    out = ResultBuilder(criterion)
    out.note(why)
    return out.result("not_applicable", why)


def decide_prior_relief(facts: ChartFacts) -> CriterionResult:
    """met: each required prior diagnostic block with >= 80% relief; not_met: one below."""
    spec = facts.catalogue["prior_diagnostic_relief"]
    if facts.procedure not in spec.applies_to:
        return not_applicable("prior_diagnostic_relief", f"does not apply to {facts.procedure}")
    needed = spec.required_blocks[facts.procedure]
    minimum = spec.number("minimum_percent")
    out = ResultBuilder("prior_diagnostic_relief")
    kinds = {"mbb"} if facts.procedure == "rfa" else {"mbb", "ia"}
    blocks = [p for p in past_procedures(facts) if p.kind in kinds and not p.therapeutic]
    measured = [p for p in blocks if p.percent is not None]
    low = [p for p in measured if p.percent is not None and p.percent < minimum]
    good = [p for p in measured if p.percent is not None and p.percent >= minimum]
    for block in blocks:
        if block.relief is None:
            out.drop(block.finding, "prior block without a relief figure")
    if low:
        for block in low[:2]:
            assert block.relief is not None
            out.add(block.relief, "defeats", f"{block.percent:.0f}% < {minimum:.0f}%")
        return out.result("not_met", f"A prior diagnostic block gave under {minimum:.0f}% relief.")
    for block in good[:3]:
        assert block.relief is not None
        out.add(block.relief, "supports", f"{block.percent:.0f}% relief")
    if len(good) >= needed:
        return out.result("met", f"{len(good)} prior block result(s) with >= {minimum:.0f}% "
                          "relief.")
    summary = (f"{len(good)} of {needed} required prior blocks documented with relief."
               if good else "No prior diagnostic block with a relief percentage found.")
    return out.result("insufficient", summary, spec.look_for)


def _earlier_therapeutic(facts: ChartFacts) -> list[PastProcedure]:
    return [p for p in past_procedures(facts) if p.kind == "ia" and p.therapeutic]


def decide_repeat_relief(facts: ChartFacts) -> CriterionResult:
    """met: prior RFA >= 50% x 6 months (IA: x 3 months); not_met: below; flags stale RFAs."""
    spec = facts.catalogue["repeat_procedure_relief"]
    if facts.procedure == "repeat_rfa":
        prior = [p for p in past_procedures(facts) if p.kind == "rfa"]
        months = spec.number("rfa_minimum_months")
    elif facts.procedure == "therapeutic_injection" and _earlier_therapeutic(facts):
        prior = _earlier_therapeutic(facts)
        months = spec.number("injection_minimum_months")
    else:
        return not_applicable("repeat_procedure_relief",
                              f"no earlier procedure of this kind to repeat ({facts.procedure})")
    out = ResultBuilder("repeat_procedure_relief")
    percent = spec.number("minimum_percent")
    _flag_stale(facts, prior, spec.number("rediagnose_after_months"), out)
    rated = [p for p in prior if p.percent is not None]
    if not rated:
        for p in prior[:2]:
            out.add(p.finding, "context", "prior procedure without a relief figure")
        return out.result("insufficient", "Prior procedure found without its relief.",
                          spec.look_for)
    best = max(rated, key=lambda p: (p.percent or 0, p.relief_months or 0))
    assert best.relief is not None
    functional = _functional_route(facts, best, percent, months)
    if functional is not None:
        out.add(functional, "supports", "functional improvement on the same scale")
        return out.result("met", f"Prior procedure improved function >= {percent:.0f}% "
                          f"for >= {months:.0f} months (same disability scale).")
    if (best.percent or 0) < percent or (
        best.relief_months is not None and best.relief_months < months
    ):
        out.add(best.relief, "defeats", f"below {percent:.0f}% for {months:.0f} months")
        return out.result("not_met", f"Prior relief below {percent:.0f}% for {months:.0f} months.")
    if best.relief_months is None:
        out.add(best.relief, "context", "relief percent without its duration")
        return out.result("insufficient", "Prior relief stated without how long it lasted.",
                          spec.look_for)
    out.add(best.relief, "supports", f"{best.percent:.0f}% x {best.relief_months:.0f} months")
    return out.result("met", f"Prior relief >= {percent:.0f}% for >= {months:.0f} months.")


def _functional_route(facts: ChartFacts, prior: PastProcedure, percent: float,
                      months: float) -> Finding | None:
    """Returns an ODI/NDI improvement >= 50% lasting long enough after the prior procedure."""
    anchor = prior.relief or prior.finding
    for change in facts.nearby(anchor, ["FUNCTIONAL_CHANGE"], before=_FUNCTION_REACH,
                               after=_FUNCTION_REACH):
        value = change.value
        if not isinstance(value, Relief) or (value.percent or 0) < percent:
            continue
        lasted = value.duration_hours / 730 if value.duration_hours else prior.relief_months
        if lasted is not None and lasted >= months:
            return change
    return None


def _flag_stale(facts: ChartFacts, prior: list[PastProcedure], limit: float,
                out: ResultBuilder) -> None:
    dated = [p.date for p in prior if p.date]
    today = facts.reference_date
    if dated and today and months_between(max(dated), today) >= limit:
        out.note(f"last RFA is {limit:.0f}+ months old: new diagnostic blocks are needed")


def decide_rfa_not_suitable(facts: ChartFacts) -> CriterionResult:
    """met: a stated reason the patient is not an RFA candidate (therapeutic injection only)."""
    spec = facts.catalogue["rfa_not_suitable_documented"]
    if facts.procedure not in spec.applies_to:
        return not_applicable("rfa_not_suitable_documented", f"does not apply to {facts.procedure}")
    out = ResultBuilder("rfa_not_suitable_documented")
    for finding in facts.labelled("RFA_UNSUITABLE"):
        reason = why_dropped(finding, facts.region, allow=("historical",))
        if reason:
            out.drop(finding, reason)
            continue
        out.add(finding, "supports", "reason RFA is not an option")
        return out.result("met", "A reason the patient is not an RFA candidate is documented.")
    return out.result("insufficient", "No reason given why RFA is not an option.", spec.look_for)


def _request_levels(facts: ChartFacts) -> list[Finding]:
    """LEVEL findings of the requested procedure: its plan sentences, else its procedure note."""
    requests = request_mentions(facts.findings, facts.region, facts.plan_sections,
                                facts.procedure_sections)
    chosen: list[Finding] = []
    for request in requests:
        for level in facts.same_sentence(request, "LEVEL"):
            if level not in chosen and not level.flags.historical:
                chosen.append(level)
    if not chosen and requests:
        # the request names its levels in another sentence of the plan or procedure note
        planned = any(facts.in_plan(r) for r in requests)
        chosen = [f for f in facts.labelled("LEVEL") if not f.flags.raised()
                  and (facts.in_plan(f) if planned else facts.in_procedure_note(f))]
    return chosen


def _same_session_other_region(facts: ChartFacts) -> list[Finding]:
    """Levels of another region planned in the same plan as the request (one session)."""
    mine = request_mentions(facts.findings, facts.region, facts.plan_sections,
                            facts.procedure_sections)
    planned = {(r.source, r.note_date, r.section) for r in mine if facts.in_plan(r)}
    others = [r for r in request_mentions(facts.findings, None, facts.plan_sections,
                                          facts.procedure_sections)
              if r.region not in (None, facts.region) and facts.in_plan(r)
              and (r.source, r.note_date, r.section) in planned]
    return [level for r in others for level in facts.same_sentence(r, "LEVEL")
            if isinstance(level.value, Levels) and level.value.region != facts.region]


def decide_levels(facts: ChartFacts) -> CriterionResult:
    """met: <= 2 levels in one region; not_met: 3+, two regions, or CPT 64492/64495."""
    spec = facts.catalogue["levels_within_limit"]
    out = ResultBuilder("levels_within_limit")
    maximum = int(spec.number("maximum_levels"))
    for finding in facts.labelled("CPT"):
        if isinstance(finding.value, Code) and finding.value.code in spec.strings("excluded_cpt"):
            out.add(finding, "defeats", f"CPT {finding.value.code}: third+ level")
            return out.result("not_met", f"CPT {finding.value.code} bills a third level or more.")
    requests = request_mentions(facts.findings, facts.region, facts.plan_sections,
                                facts.procedure_sections)
    for finding in facts.labelled("LEVEL_COUNT"):
        # "three levels of fusion" is history; only a count in the request's sentence decides
        in_request = any(facts.same_sentence(finding, "PROCEDURE") and r.sentence_start ==
                         finding.sentence_start and r.source == finding.source for r in requests)
        if (int(finding.attributes.get("count", "0")) > maximum and not finding.flags.raised()
                and in_request):
            out.add(finding, "defeats", "3+ levels")
            return out.result("not_met", "Three or more levels are planned or performed.")
    levels = _request_levels(facts) + _same_session_other_region(facts)
    joints: dict[str, str | None] = {}
    for finding in levels:
        if isinstance(finding.value, Levels):
            for joint in finding.value.levels:
                joints[joint] = finding.value.region
    regions = {r for r in joints.values() if r}
    if len(regions) > 1:
        out.add_all(levels[:3], "defeats", "more than one region")
        return out.result("not_met", "Levels in more than one spinal region in one session.")
    if len(joints) > maximum:
        out.add_all(levels[:3], "defeats", f"{len(joints)} levels")
        named = ", ".join(joints)
        return out.result("not_met", f"{len(joints)} levels ({named}) exceed the limit.")
    if joints:
        out.add_all(levels[:2], "supports", f"{len(joints)} level(s)")
        return out.result("met", f"{len(joints)} level(s): {', '.join(joints)}.")
    return out.result("insufficient", "The planned levels are not stated.", spec.look_for)


def _has_procedure_note(facts: ChartFacts) -> bool:
    """True when a procedure note reports a facet procedure or the guidance of an injection."""
    return any(facts.in_procedure_note(f) and not f.flags.historical for f in facts.findings
               if f.label in ("PROCEDURE", "GUIDANCE"))


def decide_guidance(facts: ChartFacts) -> CriterionResult:
    """met: fluoroscopy/CT; not_met: ultrasound, MRI or none; n/a without a procedure note."""
    spec = facts.catalogue["image_guidance"]
    out = ResultBuilder("image_guidance")
    covered = set(spec.strings("covered_modalities"))
    good, bad = [], []
    if not _has_procedure_note(facts):
        return not_applicable("image_guidance", "no procedure note in the chart")
    # the procedure note's own guidance line decides; other mentions only when it is silent
    findings = facts.labelled("GUIDANCE")
    in_note = [f for f in findings if facts.in_procedure_note(f)]
    for finding in in_note or findings:
        reason = why_dropped(finding, facts.region, allow=("historical",))
        if reason == "negated" and facts.in_procedure_note(finding):
            bad.append(finding)  # "No fluoroscopy used" in the procedure note: no guidance
        elif reason:
            out.drop(finding, reason)
        elif finding.attributes.get("modality") in covered:
            good.append(finding)
        else:
            bad.append(finding)
    if bad:
        for finding in bad[:2]:
            modality = "no" if finding.flags.negated else finding.attributes.get("modality")
            out.add(finding, "defeats", f"{modality} guidance")
        return out.result("not_met", "Guidance other than fluoroscopy/CT (or none) is documented.")
    if good:
        for finding in good[:2]:
            out.add(finding, "supports", f"{finding.attributes.get('modality')} guidance")
        return out.result("met", "Fluoroscopic or CT guidance is documented.")
    return out.result("insufficient", "Procedure note without the guidance used.", spec.look_for)


def decide_sedation(facts: ChartFacts) -> CriterionResult:
    """met: local/minimal only, or deeper sedation with a reason; not_met: deeper, no reason."""
    spec = facts.catalogue["sedation_justified"]
    out = ResultBuilder("sedation_justified")
    acceptable = set(spec.strings("acceptable_depths"))
    light, deep = [], []
    for finding in facts.labelled("SEDATION"):
        reason = why_dropped(finding, facts.region, allow=("historical",))
        if (finding.section or "") in _NOT_PROCEDURE_SECTIONS and not facts.in_procedure_note(
            finding
        ):
            out.drop(finding, f"in {finding.section}, not about a procedure")
        elif reason:
            out.drop(finding, reason)
        elif finding.attributes.get("depth") in acceptable:
            light.append(finding)
        else:
            deep.append(finding)
    if not light and not deep:
        return not_applicable("sedation_justified", "no sedation or anesthesia documented")
    # the procedure note's anesthesia line is the deciding sentence, not a passing mention
    light.sort(key=lambda f: not facts.in_procedure_note(f))
    deep.sort(key=lambda f: not facts.in_procedure_note(f))
    reasons = [f for f in facts.labelled("SEDATION_REASON")
               if why_dropped(f, facts.region, allow=("historical",)) is None]
    unknown = [f for f in deep if f.attributes.get("depth") == "unknown"]
    deep = [f for f in deep if f.attributes.get("depth") != "unknown"]
    if (deep or unknown) and reasons:
        out.add_all(reasons[:2] + (deep or unknown)[:1], "supports",
                    "patient-specific justification")
        return out.result("met", "Sedation beyond local is documented with a justification.")
    if deep:
        for finding in deep[:2]:
            out.add(finding, "defeats", f"{finding.attributes.get('depth')} sedation, no reason")
        return out.result("not_met", "Sedation beyond local/minimal without a justification.")
    if unknown and not light:
        out.add_all(unknown[:2], "context", "sedation of unstated depth")
        return out.result("insufficient", "Sedation is documented without its depth or a reason.",
                          spec.look_for)
    out.add_all(light[:2], "supports", "local/minimal only")
    return out.result("met", "No sedation beyond local/minimal.")


# how far from a prior procedure's result its disability-scale change may be stated (chars)
_FUNCTION_REACH = 300
# a sedative named among home medications or history is not procedural sedation
_NOT_PROCEDURE_SECTIONS = frozenset({"medications", "past_medical_history", "allergies",
                                     "social_history", "review_of_systems",
                                     "history_of_present_illness"})


def _session_class(kind: str, therapeutic: bool) -> str:
    if kind == "rfa":
        return "rfa"
    return "therapeutic" if therapeutic else "diagnostic"


def decide_sessions(facts: ChartFacts) -> CriterionResult:
    """met: within 4 diagnostic / 4 therapeutic / 2 RFA per region per rolling 12 months."""
    spec = facts.catalogue["session_frequency"]
    out = ResultBuilder("session_frequency")
    today = facts.reference_date
    dated = [p for p in past_procedures(facts) if p.date is not None]
    # "two blocks earlier this year at an outside clinic": possibly inside the window, no dates
    recent_undated = [f for f in facts.labelled("PROCEDURE")
                      if facts.same_sentence(f, "RECENT_TIME")
                      and not facts.same_sentence(f, "DATE")
                      and not (f.flags.negated or f.flags.family or f.flags.hypothetical)
                      and not facts.in_plan(f)]
    if (not dated or today is None) and not recent_undated:
        return not_applicable("session_frequency", "no dated procedure history")
    window = spec.number("window_months")
    counts: dict[str, set[str]] = {name: set() for name in spec.caps}
    for proc in dated:
        assert proc.date is not None
        if today is not None and 0 <= months_between(proc.date, today) <= window:
            counts[_session_class(proc.kind, proc.therapeutic)].add(proc.date.isoformat())
            out.add(proc.finding, "context", f"session {proc.date.isoformat()}")
    requested = _requested_class(facts)
    for name, cap in spec.caps.items():
        total = len(counts[name]) + (1 if name == requested else 0)
        out.values.append(Sessions(count=total, procedure_class=name))
        if total > cap:
            out.note(f"{name}: {total} sessions incl. this request > cap {cap}")
            return out.result("not_met", f"{total} {name} sessions in 12 months exceed {cap}.")
    if recent_undated:
        out.add_all(recent_undated[:2], "context", "recent procedure without a date")
        return out.result("insufficient", "Recent procedures are mentioned without dates; the "
                          "12-month count cannot be completed.", spec.look_for)
    return out.result("met", "Sessions in the last 12 months are within the caps.")


def _requested_class(facts: ChartFacts) -> str:
    return {"rfa": "rfa", "repeat_rfa": "rfa", "therapeutic_injection": "therapeutic"}.get(
        facts.procedure, "diagnostic"
    )
