"""Whitespace word splitting with offsets (text pages have words but no boxes)."""

from __future__ import annotations

import re

from extractor.models import Word

_WORD = re.compile(r"\S+")


def split_words(text: str, base: int) -> list[Word]:
    """Returns the whitespace-separated words of `text`, offsets shifted by `base`.

    Offsets come from the regex, so `text[start:end] == word.text` holds by construction.
    """
    return [
        Word(text=m.group(), start=base + m.start(), end=base + m.end())
        for m in _WORD.finditer(text)
    ]
