"""Page layout: words into lines, and running headers/footers out of the NLP view."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from extractor.models import Page

_LINE_TOLERANCE = 3.0  # points: words whose tops differ by less share a line
_EDGE_LINES = 3  # a running header/footer sits in the first or last lines of a page


@dataclass(frozen=True)
class PageLines:
    """A page's words grouped into lines, top to bottom, each line left to right."""

    page_no: int
    width: float
    height: float
    lines: list[list[dict[str, Any]]]


def lines_from_words(
    words: list[dict[str, Any]], *, page_no: int, width: float, height: float
) -> PageLines:
    """Returns the words grouped into reading-order lines."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (float(w["top"]), float(w["x0"]))):
        if lines and abs(float(lines[-1][0]["top"]) - float(word["top"])) < _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return PageLines(
        page_no=page_no,
        width=width,
        height=height,
        lines=[sorted(line, key=lambda w: float(w["x0"])) for line in lines],
    )


def _shape(line: str) -> str:
    """Returns a line with digits folded, so 'Page 2 of 5' and 'Page 3 of 5' look alike."""
    return "".join("#" if ch.isdigit() else ch for ch in line.strip().lower())


def _edge_lines(text: str, page: Page) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = page.start
    for line in text[page.start : page.end].split("\n"):
        spans.append((cursor, cursor + len(line)))
        cursor += len(line) + 1
    if len(spans) <= _EDGE_LINES * 2:
        return spans
    return spans[:_EDGE_LINES] + spans[-_EDGE_LINES:]


def blank_running_lines(nlp_text: str, pages: list[Page]) -> str:
    """Returns `nlp_text` with lines repeated at the top/bottom of most pages turned to spaces.

    Running headers ("Pain Clinic - Patient: ...") and footers ("Page 2 of 5") would otherwise be
    read into the sentence that a page break cuts.
    """
    if len(pages) < 2:
        return nlp_text
    per_page = [_edge_lines(nlp_text, page) for page in pages]
    counts = Counter(
        shape
        for spans in per_page
        for shape in {_shape(nlp_text[s:e]) for s, e in spans if nlp_text[s:e].strip()}
    )
    threshold = max(2, (len(pages) + 1) // 2)
    chars = list(nlp_text)
    for spans in per_page:
        for start, end in spans:
            segment = nlp_text[start:end]
            if segment.strip() and counts[_shape(segment)] >= threshold:
                chars[start:end] = " " * (end - start)
    return "".join(chars)
