from __future__ import annotations

import pytest

from extractor.evaluation.metrics import Call, compute_metrics, f1_score

CALLS = [
    Call(("met",), "met"),
    Call(("met",), "insufficient"),
    Call(("not_met",), "not_met"),
    Call(("not_met",), "met"),
    Call(("insufficient",), "insufficient"),
    Call(("insufficient", "met"), "met"),  # accepted: label is met
    Call(("not_applicable",), "not_applicable"),
    Call(("insufficient",), "met"),
]


def test_agreement_and_decisive_agreement() -> None:
    m = compute_metrics(CALLS)
    assert (m.n, m.agree) == (8, 5)
    assert m.agreement == pytest.approx(5 / 8)
    # decisive: calls 1-4 and 7; agree on 1, 3, 7
    assert (m.decisive_n, m.decisive_agree) == (5, 3)
    assert m.decisive_agreement == pytest.approx(0.6)


def test_per_status_precision_recall_f1() -> None:
    per = {s.status: s for s in compute_metrics(CALLS).per_status}
    met = per["met"]  # labels met: calls 1, 2, 6; predicted met: 1, 4, 6, 8
    assert (met.support, met.predicted, met.true_positive) == (3, 4, 2)
    assert met.precision == pytest.approx(0.5)
    assert met.recall == pytest.approx(2 / 3)
    assert met.f1 == pytest.approx(4 / 7)
    not_met = per["not_met"]
    assert (not_met.support, not_met.predicted, not_met.true_positive) == (2, 1, 1)
    assert (not_met.precision, not_met.recall) == (1.0, 0.5)
    assert not_met.f1 == pytest.approx(2 / 3)
    insufficient = per["insufficient"]
    assert (insufficient.precision, insufficient.recall, insufficient.f1) == (0.5, 0.5, 0.5)
    assert (per["not_applicable"].precision, per["not_applicable"].f1) == (1.0, 1.0)
    assert compute_metrics(CALLS).macro_f1 == pytest.approx((4 / 7 + 2 / 3 + 0.5 + 1.0) / 4)


def test_confusion_matrix_diagonal_is_agreement() -> None:
    m = compute_metrics(CALLS)
    c = m.confusion
    assert c["met"] == {"met": 2, "not_met": 0, "insufficient": 1, "not_applicable": 0}
    assert c["not_met"]["met"] == 1 and c["not_met"]["not_met"] == 1
    assert c["insufficient"] == {"met": 1, "not_met": 0, "insufficient": 1, "not_applicable": 0}
    assert sum(c[s][s] for s in c) == m.agree
    assert sum(sum(row.values()) for row in c.values()) == m.n


def test_undefined_values() -> None:
    empty = compute_metrics([])
    assert empty.agreement is None and empty.decisive_agreement is None and empty.macro_f1 is None
    never_predicted = {
        s.status: s for s in compute_metrics([Call(("met",), "insufficient")]).per_status
    }
    assert never_predicted["met"].precision == 0.0 and never_predicted["met"].f1 == 0.0
    assert never_predicted["insufficient"].recall is None
    assert f1_score(0.0, 0.0) == 0.0
