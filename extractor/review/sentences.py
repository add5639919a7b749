"""Sentences of a page the reviewer can pick to highlight, with their document offsets."""

from __future__ import annotations

from extractor.models import Document, Frozen, Page

_ENDERS = ".?!"
_MIN_CHARS = 3


class Sentence(Frozen):
    """A span of the document text: `document.text[start:end] == text`."""

    source: str
    page: int
    start: int
    end: int
    text: str


def _spans(text: str) -> list[tuple[int, int]]:
    """Returns [start, end) spans split at line breaks and after . ? ! followed by a space."""
    spans, begin = [], 0
    for index, char in enumerate(text):
        at_end = index + 1 == len(text)
        ends = char in "\n\f" or (
            char in _ENDERS and (at_end or text[index + 1].isspace())
        )
        if ends or at_end:
            stop = index if char in "\n\f" else index + 1
            spans.append((begin, stop))
            begin = index + 1
    return spans


def page_sentences(document: Document, page: Page) -> list[Sentence]:
    """Returns the sentences of one page, whitespace-trimmed, skipping fragments.

    Boundaries come from `nlp_text` (same length as `text`, soft line wraps already spaces), so
    a sentence wrapped over several printed lines stays one sentence; the text is the original.
    """
    view = document.nlp_text[page.start : page.end]
    body = document.text[page.start : page.end]
    sentences = []
    for start, end in _spans(view):
        chunk = view[start:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right - left < _MIN_CHARS:
            continue
        sentences.append(Sentence(
            source=document.source.name, page=page.page_no,
            start=page.start + start + left, end=page.start + start + right,
            text=body[start + left : start + right],
        ))
    return sentences
