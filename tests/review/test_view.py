from __future__ import annotations

from extractor.models import Box, Checklist
from extractor.review import view
from extractor.review.actions import evidence_key
from extractor.review.failure import describe_failure

from .factories import NAME, evidence


def test_status_counts_in_spec_order(checklist: Checklist) -> None:
    assert view.status_counts(checklist) == "8 met · 1 insufficient · 4 not applicable"


def test_evidence_on_page_and_marks_focus_and_reviewer(checklist: Checklist) -> None:
    placed = view.evidence_on_page(checklist, NAME, 1)
    assert [cid for cid, _ in placed] == ["axial_pain", "axial_pain", "pain_scale_documented"]
    assert view.evidence_on_page(checklist, NAME, 2) == []
    boxed = evidence("PT failed.").model_copy(update={
        "boxes": [Box(page=1, x0=1, top=1, x1=5, bottom=9), Box(page=1, x0=6, top=1, x1=9,
                                                                 bottom=9)],
        "origin": "reviewer"})
    focus = evidence_key("conservative_care_failed", boxed)
    marks = view.page_marks([("conservative_care_failed", boxed)], focus)
    assert len(marks) == 1 and marks[0].focus and marks[0].reviewer
    spans = view.page_spans([("conservative_care_failed", boxed)], None)
    assert spans[0].reviewer and not spans[0].focus and "reviewer" in spans[0].title


def test_legend_lists_each_criterion_once(checklist: Checklist) -> None:
    legend = view.legend_html(view.evidence_on_page(checklist, NAME, 1))
    assert legend.count("Axial pain") == 1 and "Pain scale" in legend
    assert view.legend_html([]) == "No evidence on this page."


def test_describe_failure_has_no_message() -> None:
    try:
        raise ValueError("Patient John reports 7/10 pain")
    except ValueError as error:
        report = describe_failure(error)
    assert report.startswith("ValueError at test_view.py:")
    assert "John" not in report
