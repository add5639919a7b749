"""Evaluation: score the checker against gold-labelled charts (`facet-review evaluate`)."""

from __future__ import annotations

from extractor.evaluation.evaluate import CheckFn, evaluate_corpus
from extractor.evaluation.gold import GoldChart, GoldError, load_case, parse_gold
from extractor.evaluation.render import render_text
from extractor.evaluation.report import EvaluationReport

__all__ = [
    "CheckFn",
    "EvaluationReport",
    "GoldChart",
    "GoldError",
    "evaluate_corpus",
    "load_case",
    "parse_gold",
    "render_text",
]
