"""The cached-text RegexMatcher finds exactly what medspaCy's own RegexMatcher finds."""

from __future__ import annotations

import spacy
from medspacy.common.regex_matcher import RegexMatcher
from medspacy.custom_tokenizer import create_medspacy_tokenizer

from extractor.nlp.fast_regex import CachedTextRegexMatcher
from extractor.nlp.pipeline import target_rules

TEXT = ("HPI: LBP x 6 mo, 7/10. Failed PT; s/p L4-5 and L5-S1 MBB on 01/10/2026 with 85% relief.\n"
        "No radicular sx. ODI 42%. Plan: bilateral L4-5, L5-S1 RFA under fluoroscopy.")


def test_cached_text_regex_matcher_matches_medspacy_exactly():
    nlp = spacy.blank("en")
    nlp.tokenizer = create_medspacy_tokenizer(nlp)
    doc = nlp(TEXT)
    theirs, ours = RegexMatcher(nlp.vocab), CachedTextRegexMatcher(nlp.vocab)
    regex_rules = [r for r in target_rules() if isinstance(r.pattern, str)]
    assert len(regex_rules) > 100
    for index, rule in enumerate(regex_rules):
        theirs.add(f"r{index}", [rule.pattern])
        ours.add(f"r{index}", [rule.pattern])
    expected = theirs(doc)
    assert expected
    assert ours(doc) == expected


def test_pipeline_uses_the_cached_text_matcher(engine):
    from medspacy.common import medspacy_matcher

    assert medspacy_matcher.RegexMatcher is CachedTextRegexMatcher
    assert engine.nlp is not None
