"""View data for the review screen: which marks, spans, labels and badges to show (no Streamlit)."""

from __future__ import annotations

from extractor.models import Checklist, Document, Evidence, Page
from extractor.review.actions import evidence_key
from extractor.review.models import ReviewSummary
from extractor.review.render import (
    CRITERION_COLORS,
    SHORT_NAMES,
    STATUS_ICONS,
    STATUS_LABELS,
    Mark,
    Span,
    line_boxes,
    status_word,
    title_of,
)
from extractor.vocabulary import CRITERION_IDS, STATUSES, Status

Placed = tuple[str, Evidence]  # (criterion id, evidence item)


def evidence_on_page(checklist: Checklist, source: str, page_no: int) -> list[Placed]:
    """Returns every evidence item of the checklist on one page of one file."""
    return [(r.id, e) for r in checklist.criteria for e in r.evidence
            if e.source == source and e.page == page_no]


def page_marks(placed: list[Placed], focus: str | None) -> tuple[Mark, ...]:
    """Returns the boxes to draw on the page image, one per line of each evidence sentence."""
    return tuple(Mark(box=box, color=CRITERION_COLORS[cid], focus=evidence_key(cid, e) == focus,
                      reviewer=e.origin == "reviewer")
                 for cid, e in placed for box in line_boxes(e.boxes))


def page_spans(placed: list[Placed], focus: str | None) -> list[Span]:
    """Returns the character ranges to colour in the text view."""
    return [Span(start=e.start, end=e.end, color=CRITERION_COLORS[cid],
                 title=title_of(cid) + (" (reviewer highlight)" if e.origin == "reviewer" else ""),
                 focus=evidence_key(cid, e) == focus, reviewer=e.origin == "reviewer")
            for cid, e in placed]


def legend_html(placed: list[Placed]) -> str:
    """Returns colour chips naming the criteria that have evidence on the page."""
    present = sorted({cid for cid, _ in placed}, key=CRITERION_IDS.index)
    if not present:
        return "No evidence on this page."
    return " ".join(f'<span style="background:{CRITERION_COLORS[c]};padding:1px 6px;'
                    'border-radius:4px;font-size:0.8rem;display:inline-block;margin:1px">'
                    f"{SHORT_NAMES[c]}</span>" for c in present)


def card_title_html(cid: str) -> str:
    """Returns a card heading: colour chip, criterion title, criterion id."""
    return (f'<span style="background:{CRITERION_COLORS[cid]};padding:0 8px;border-radius:3px">'
            f"&nbsp;</span> **{title_of(cid)}** "
            f'<span style="color:gray;font-size:0.8rem">{cid}</span>')


def badge(status: Status) -> str:
    """Returns a Streamlit markdown badge for a status (':green-badge[... Met]')."""
    word, color = STATUS_LABELS[status]
    return f":{color}-badge[{STATUS_ICONS[status]} {word}]"


def status_counts(checklist: Checklist) -> str:
    """Returns '7 met · 1 insufficient · 5 not applicable'."""
    counts = {s: sum(r.status == s for r in checklist.criteria) for s in STATUSES}
    return " · ".join(f"{n} {status_word(s).lower()}" for s, n in counts.items() if n)


def page_label(document: Document, page: Page) -> str:
    """Returns 'chart.pdf — page 2 of 5'."""
    return f"{document.source.name} — page {page.page_no} of {len(document.pages)}"


def review_label(summary: ReviewSummary) -> str:
    """Returns one line for the list of past reviews."""
    return (f"{', '.join(summary.files)} · {summary.created_at:%d %b %H:%M} UTC · "
            f"{summary.created_by} · engine: {status_word(summary.overall)}")
