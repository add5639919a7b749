"""Evaluation: score the checker against gold-labelled charts (`facet-review evaluate`).

Gold corpus: a chart is `<set>/<id>.txt` (or `.pdf`) with `<set>/<id>.gold.json`, or a directory
`<set>/<id>/` holding its files and a `gold.json` (`gold.GoldChart`: procedure, region, accepted
statuses and a reason per criterion, evidence phrases with their ConText flags).

Metrics (`metrics.compute_metrics`), per criterion, per procedure, per region and overall:
agreement (prediction among the accepted statuses), agreement on decisive labels only (gold
accepts only met/not_met/not_applicable, so an all-"insufficient" checker scores ~0 there),
per-status precision/recall/F1, and a confusion matrix. The gold label of a call is the prediction
when accepted, else the first accepted status. Every miss is listed with its deciding sentence.

Usage::

    facet-review evaluate corpora/synthetic [--format text|json] [--pdf-dir DIR]
        [--fail-under 0.9] [--strict] [--detect-frame]
"""

from __future__ import annotations

from extractor.evaluation.evaluate import CheckFn, DetectFn, evaluate_corpus
from extractor.evaluation.gold import GoldChart, GoldError, load_case, parse_gold
from extractor.evaluation.render import render_text
from extractor.evaluation.report import EvaluationReport

__all__ = [
    "CheckFn",
    "DetectFn",
    "EvaluationReport",
    "GoldChart",
    "GoldError",
    "evaluate_corpus",
    "load_case",
    "parse_gold",
    "render_text",
]
