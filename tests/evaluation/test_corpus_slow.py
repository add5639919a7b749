"""The evaluation on the committed corpora with the real engine: complete, not a threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.evaluation import evaluate_corpus, load_case, render_text
from extractor.evaluation.gold import find_gold_files
from extractor.vocabulary import CRITERION_IDS

CORPORA = Path(__file__).resolve().parents[2] / "corpora"


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["synthetic", "real"])
def test_evaluate_corpus_with_real_engine_is_complete(corpus: str) -> None:
    pytest.importorskip("extractor.engine")
    gold_dir = CORPORA / corpus
    gold_files = find_gold_files(gold_dir)
    if not gold_files:
        pytest.skip(f"no gold files in {gold_dir}")
    cases = [load_case(path) for path in gold_files]  # every gold file is valid

    report = evaluate_corpus(gold_dir)

    assert report.errors == []
    assert [row.chart for row in report.charts] == [case.chart_id for case in cases]
    assert [m.criterion for m in report.per_criterion] == list(CRITERION_IDS)
    assert all(m.n == len(cases) for m in report.per_criterion)
    assert report.overall.n == len(cases) * len(CRITERION_IDS)
    assert report.overall.agreement is not None
    assert report.flags.total == sum(len(case.gold.evidence) for case in cases)
    assert len(report.misses) == report.overall.n - report.overall.agree
    assert "OVERALL" in render_text(report)
