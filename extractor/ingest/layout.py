"""Page layout: words into lines, paragraph gaps, short lines, and running headers/footers."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from extractor.ingest.normalize import line_spans
from extractor.models import Page

RawWord = tuple[str, float, float, float, float]  # text, x0, top, x1, bottom (PDF points)
Line = list[RawWord]

_LINE_TOLERANCE = 3.0  # points: words whose tops differ by less share a line
_EDGE_LINES = 3  # a running header/footer sits in the first or last lines of a page
_NUMBER_LINES = 2  # a page number sits in the first or last two lines
_PARAGRAPH_GAP = 0.9  # a vertical gap above this many line heights is a blank line
_SHORT_LINE = 0.75  # a line ending before this share of the text width, next word fitting
_PAGE_MARK = re.compile(r"\b(?:page|pg|p)\.?\s*\d|\b\d+\s+of\s+\d+\b")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pg\.?|p\.)\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)


def lines_from_words(words: Iterable[Mapping[str, Any]]) -> list[Line]:
    """Returns pdfplumber word dicts grouped into reading-order lines (top to bottom)."""
    lines: list[Line] = []
    items: list[RawWord] = [
        (str(w["text"]), float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
        for w in words
    ]
    for word in sorted(items, key=lambda w: (w[2], w[1])):
        if lines and abs(lines[-1][0][2] - word[2]) < _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w[1]) for line in lines]


def upright(lines: Sequence[Line], turn: int, width: float, height: float) -> list[Line]:
    """Returns the lines with boxes as seen on the page turned clockwise by `turn` degrees.

    A sideways scan's words keep boxes on the page as it is; its layout (paragraph gaps, short
    lines) is judged on the page turned upright.
    """

    def point(x: float, y: float) -> tuple[float, float]:
        if turn == 90:
            return height - y, x
        if turn == 180:
            return width - x, height - y
        if turn == 270:
            return y, width - x
        return x, y

    def word(w: RawWord) -> RawWord:
        (ax, ay), (bx, by) = point(w[1], w[2]), point(w[3], w[4])
        return (w[0], min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))

    return [[word(w) for w in line] for line in lines]


def _height(line: Line) -> float:
    return max(w[4] for w in line) - min(w[2] for w in line)


def paragraph_gaps(lines: Sequence[Line]) -> list[bool]:
    """Returns, per line, whether a blank vertical gap separates it from the line above."""
    gaps = [False]
    for above, line in itertools.pairwise(lines):
        height = max(1.0, min(_height(above), _height(line)))
        gap = min(w[2] for w in line) - max(w[4] for w in above)
        gaps.append(gap > _PARAGRAPH_GAP * height)
    return gaps


def short_lines(lines: Sequence[Line]) -> list[bool]:
    """Returns, per line, whether it ends so far short of the margin that it ends a paragraph.

    A wrapped line is only short when the next line's first word would not have fit on it.
    Needs a few lines to estimate the margins; otherwise nothing is short.
    """
    if len(lines) < 4:
        return [False] * len(lines)
    left = min(line[0][1] for line in lines)
    rights = sorted(line[-1][3] for line in lines)
    right = rights[int(0.9 * (len(rights) - 1))]
    width = right - left
    if width <= 0:
        return [False] * len(lines)
    flags = []
    for line, nxt in itertools.pairwise(lines):
        space = 0.25 * max(1.0, _height(line))
        needed = line[-1][3] + space + (nxt[0][3] - nxt[0][1]) - left
        flags.append(needed < _SHORT_LINE * width)
    return [*flags, False]


def _shape(line: str) -> str:
    """Returns a line's shape for spotting running lines.

    Digits are folded only in a line that carries a page number, so 'Page 2 of 5' and 'Page 3 of
    5' look alike while note titles with different dates ('Progress note 03/14/2024') do not.
    """
    line = re.sub(r"\s+", " ", line.strip().lower())
    if _PAGE_MARK.search(line):
        return re.sub(r"\d", "#", line)
    return line


def _content_lines(text: str, page: Page) -> list[tuple[int, int]]:
    spans = line_spans(text[page.start : page.end])
    return [
        (page.start + s, page.start + e)
        for s, e in spans
        if text[page.start + s : page.start + e].strip()
    ]


def _edges(spans: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    if len(spans) <= count * 2:
        return spans
    return spans[:count] + spans[-count:]


def running_line_spans(text: str, pages: Sequence[Page]) -> list[tuple[int, int]]:
    """Returns spans of lines to blank in the NLP view: running headers/footers, page numbers.

    A running line is one whose text (page numbers folded) sits among the first or last lines of at
    least half the pages (two at least). A page number ("3", "Page 3 of 7", "- 3 -") alone on one
    of a page's first or last two lines is blanked on any page.
    """
    per_page = [_content_lines(text, page) for page in pages]
    blanked: list[tuple[int, int]] = []
    for spans in per_page:
        blanked += [
            (s, e) for s, e in _edges(spans, _NUMBER_LINES) if _PAGE_NUMBER.match(text[s:e].strip())
        ]
    if len(pages) < 2:
        return blanked
    counts = Counter(
        shape
        for spans in per_page
        for shape in {_shape(text[s:e]) for s, e in _edges(spans, _EDGE_LINES)}
    )
    threshold = max(2, (len(pages) + 1) // 2)
    for spans in per_page:
        blanked += [
            (s, e) for s, e in _edges(spans, _EDGE_LINES) if counts[_shape(text[s:e])] >= threshold
        ]
    return sorted(set(blanked))
