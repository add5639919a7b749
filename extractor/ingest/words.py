"""Whitespace word splitting with offsets (text pages have words but no boxes)."""

from __future__ import annotations

from extractor.models import Word


def split_words(text: str, base: int) -> list[Word]:
    """Returns the whitespace-separated words of `text`, offsets shifted by `base`."""
    words: list[Word] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if ch.isspace():
            if start is not None:
                words.append(Word(text=text[start:i], start=base + start, end=base + i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        words.append(Word(text=text[start:], start=base + start, end=base + len(text)))
    return words
