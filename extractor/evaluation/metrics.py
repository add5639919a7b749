"""Metric maths over calls: (accepted gold statuses, predicted status) pairs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from extractor.evaluation.gold import DECISIVE_STATUSES
from extractor.evaluation.report import Metrics, StatusMetrics
from extractor.vocabulary import STATUSES, Status


class Call(NamedTuple):
    """One criterion of one chart: the statuses gold accepts and the status predicted."""

    gold: Sequence[Status]
    predicted: Status

    @property
    def agrees(self) -> bool:
        """True when the prediction is one of the accepted statuses."""
        return self.predicted in self.gold

    @property
    def decisive(self) -> bool:
        """True when gold accepts only decisive statuses (met, not_met, not_applicable)."""
        return all(status in DECISIVE_STATUSES for status in self.gold)

    @property
    def label(self) -> Status:
        """The gold label: the prediction when accepted, else the first accepted status."""
        return self.predicted if self.agrees else self.gold[0]


def ratio(numerator: int, denominator: int) -> float | None:
    """Returns numerator / denominator, or None when the denominator is 0."""
    return numerator / denominator if denominator else None


def f1_score(precision: float | None, recall: float | None) -> float | None:
    """Returns the harmonic mean of precision and recall (None if either is undefined)."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def status_metrics(calls: Sequence[Call], status: Status) -> StatusMetrics:
    """Returns precision, recall and F1 of `status` over `calls`."""
    support = sum(1 for call in calls if call.label == status)
    predicted = sum(1 for call in calls if call.predicted == status)
    true_positive = sum(1 for call in calls if call.predicted == status and call.label == status)
    precision = ratio(true_positive, predicted)
    recall = ratio(true_positive, support)
    if precision is None and support:
        precision = 0.0  # gold has the status but the checker never says it
    return StatusMetrics(
        status=status,
        support=support,
        predicted=predicted,
        true_positive=true_positive,
        precision=precision,
        recall=recall,
        f1=f1_score(precision, recall),
    )


def compute_metrics(calls: Sequence[Call]) -> Metrics:
    """Returns agreement, decisive agreement, per-status P/R/F1 and confusion over `calls`."""
    agree = sum(1 for call in calls if call.agrees)
    decisive = [call for call in calls if call.decisive]
    decisive_agree = sum(1 for call in decisive if call.agrees)
    per_status = [status_metrics(calls, status) for status in STATUSES]
    f1s = [m.f1 if m.f1 is not None else 0.0 for m in per_status if m.support]
    confusion: dict[Status, dict[Status, int]] = {
        gold: dict.fromkeys(STATUSES, 0) for gold in STATUSES
    }
    for call in calls:
        confusion[call.label][call.predicted] += 1
    return Metrics(
        n=len(calls),
        agree=agree,
        agreement=ratio(agree, len(calls)),
        decisive_n=len(decisive),
        decisive_agree=decisive_agree,
        decisive_agreement=ratio(decisive_agree, len(decisive)),
        per_status=per_status,
        macro_f1=sum(f1s) / len(f1s) if f1s else None,
        confusion=confusion,
    )
