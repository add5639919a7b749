"""The rule files themselves: they load, ids are unique, every rule serves a known criterion."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from pydantic import ValidationError

from extractor.criteria.catalogue import load_catalogue
from extractor.vocabulary import CRITERION_IDS
from nlp_rules import resource
from nlp_rules.schema import (
    CRITERIA,
    FRAME,
    ContextFile,
    TargetFile,
    context_file,
    section_file,
    target_files,
    value_patterns,
)


def test_rule_files_load_and_validate():
    assert target_files()
    assert context_file().rules
    assert section_file().rules
    assert value_patterns().patterns


def test_schema_criteria_match_the_spec_vocabulary():
    assert tuple(CRITERIA) == CRITERION_IDS


def test_target_rule_ids_are_unique():
    ids = Counter(rule.id for f in target_files() for rule in f.rules)
    assert [rule_id for rule_id, n in ids.items() if n > 1] == []


def test_every_target_file_names_an_existing_criterion():
    for rule_file in target_files():
        assert rule_file.criterion in (*CRITERION_IDS, FRAME)


def test_every_target_file_is_named_after_its_criterion():
    folder = resource("targets")
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            assert entry.name == f"{data['criterion']}.json"


def test_context_rules_have_one_rule_per_phrase():
    # medspaCy prunes overlapping modifiers: a phrase listed twice keeps only one of its rules
    keys = Counter((r.pattern if isinstance(r.pattern, str) else r.literal).lower()
                   for r in context_file().rules)
    assert [key for key, n in keys.items() if n > 1] == []


def test_context_rule_ids_unique_and_flag_categories_known():
    rules = context_file().rules
    assert len({r.id for r in rules}) == len(rules)
    flags = set(context_file().flag_categories)
    assert {"NEGATED_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY"} <= flags


def test_unknown_key_in_a_target_rule_fails_at_load_time():
    bad = {"criterion": "axial_pain", "description": "x",
           "rules": [{"id": "axial_pain.x.1", "label": "AXIAL_PAIN", "literal": "lbp",
                      "unknown": 1}]}
    with pytest.raises(ValidationError):
        TargetFile.model_validate(bad)


def test_rule_naming_an_unknown_criterion_fails():
    bad = {"criterion": "not_a_criterion", "description": "x", "rules": []}
    with pytest.raises(ValidationError):
        TargetFile.model_validate(bad)


def test_context_terminated_by_is_accepted_unlike_medspacy_json():
    data = {"description": "x", "flag_categories": {"NEGATED_EXISTENCE": "negated"},
            "rules": [{"id": "neg.1", "literal": "no", "category": "NEGATED_EXISTENCE",
                       "direction": "FORWARD", "criterion": "all",
                       "terminated_by": ["CARE_FAILED"]}]}
    assert ContextFile.model_validate(data).rules[0].terminated_by == ["CARE_FAILED"]


def test_broken_regex_fails_at_load_time():
    bad = {"criterion": "axial_pain", "description": "x",
           "rules": [{"id": "axial_pain.x.1", "label": "AXIAL_PAIN", "literal": "x",
                      "pattern": "(unclosed"}]}
    with pytest.raises(ValidationError):
        TargetFile.model_validate(bad)


def test_value_parsers_named_by_rules_exist():
    from extractor.nlp.values import PARSERS

    named = {rule.value for f in target_files() for rule in f.rules if rule.value}
    assert named <= set(PARSERS)


def test_catalogue_covers_every_criterion_with_applicability():
    catalogue = load_catalogue()
    assert tuple(catalogue.criteria) == CRITERION_IDS
    assert catalogue["rfa_not_suitable_documented"].applies_to == ["therapeutic_injection"]
    assert catalogue["prior_diagnostic_relief"].number("minimum_percent") == 80
