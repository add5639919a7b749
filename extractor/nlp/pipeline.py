"""Builds the medspaCy pipeline from the rule files in `nlp_rules/`."""

from __future__ import annotations

import spacy
from medspacy.context import ConTextRule
from medspacy.custom_tokenizer import create_medspacy_tokenizer
from medspacy.section_detection import SectionRule
from medspacy.target_matcher import TargetRule
from spacy.language import Language

import extractor.nlp.sentences  # noqa: F401  (registers the facet_sentences factory)
from extractor.nlp.extensions import FLAG_ATTRIBUTES, declare_extensions
from extractor.nlp.fast_regex import install as install_cached_text_regex
from nlp_rules.schema import context_file, section_file, target_files

SPAN_GROUP = "facet"
# Labels that only place other findings (region, date, order, note type). They live in their own
# span group so ConText, whose cost grows with targets x modifiers, never scans them.
CUE_GROUP = "facet_cues"
CUE_LABELS = frozenset(
    {"REGION_CUE", "DATE", "NOTE_DATE", "PROCEDURE_ORDER", "PROCEDURE_NOTE_CUE", "STEROID",
     "RECENT_TIME"}
)


def target_rules() -> list[TargetRule]:
    """Returns every target rule as a medspaCy `TargetRule`, its provenance in `metadata`."""
    rules: list[TargetRule] = []
    for rule_file in target_files():
        for spec in rule_file.rules:
            metadata = {
                "rule_id": spec.id,
                "criterion": rule_file.criterion,
                "region": spec.region,
                "value": spec.value,
                "tags": dict(spec.tags),
            }
            rules.append(
                TargetRule(spec.literal, spec.label, pattern=spec.pattern, metadata=metadata)
            )
    return rules


def context_rules() -> list[ConTextRule]:
    """Returns our ConText modifiers, `terminated_by` included."""
    return [
        ConTextRule(
            spec.literal,
            spec.category,
            pattern=spec.pattern,
            direction=spec.direction,
            allowed_types=set(spec.allowed_types) if spec.allowed_types else None,
            excluded_types=set(spec.excluded_types) if spec.excluded_types else None,
            max_scope=spec.max_scope,
            max_targets=spec.max_targets,
            terminated_by=set(spec.terminated_by) if spec.terminated_by else None,
            metadata={"rule_id": spec.id, "criterion": spec.criterion},
        )
        for spec in context_file().rules
    ]


def section_rules() -> list[SectionRule]:
    """Returns the pain-clinic section header rules."""
    return [
        SectionRule(spec.literal, spec.category, pattern=spec.pattern)
        for spec in section_file().rules
    ]


def build_nlp() -> Language:
    """Returns a blank-English medspaCy pipeline: sentences, targets, sections, ConText.

    No model is downloaded; QuickUMLS and PyRuSH stay out (see extractor.nlp.sentences).
    """
    declare_extensions()
    install_cached_text_regex()
    nlp = spacy.blank("en")
    nlp.tokenizer = create_medspacy_tokenizer(nlp)
    nlp.add_pipe("facet_sentences")
    # No pruning across labels: "sciatica" is both a radicular finding and a region cue, and
    # medspaCy's pruning would keep only one. Same-label overlaps are resolved in findings.py.
    rules = target_rules()
    matcher = nlp.add_pipe(
        "medspacy_target_matcher",
        config={"result_type": "group", "span_group_name": SPAN_GROUP, "prune": False},
    )
    matcher.add([r for r in rules if r.category not in CUE_LABELS])  # type: ignore[attr-defined]
    cues = nlp.add_pipe(
        "medspacy_target_matcher",
        name="facet_cue_matcher",
        config={"result_type": "group", "span_group_name": CUE_GROUP, "prune": False},
    )
    cues.add([r for r in rules if r.category in CUE_LABELS])  # type: ignore[attr-defined]
    sectionizer = nlp.add_pipe(
        "medspacy_sectionizer",
        config={
            "rules": None,
            "input_span_type": "group",
            "span_group_name": SPAN_GROUP,
            # Section flags are applied per paragraph in findings.py: a whole-section flag
            # made everything after an inline "Family history:" line a family finding.
            "span_attrs": None,
            "require_start_line": True,
        },
    )
    sectionizer.add(section_rules())  # type: ignore[attr-defined]
    flags = context_file().flag_categories
    context = nlp.add_pipe(
        "medspacy_context",
        config={
            "rules": None,
            "input_span_type": "group",
            "span_group_name": SPAN_GROUP,
            "span_attrs": {category: {FLAG_ATTRIBUTES[f]: True} for category, f in flags.items()},
        },
    )
    context.add(context_rules())  # type: ignore[attr-defined]
    return nlp
