r"""Same-length text normalisation for the NLP view of a document.

Every substitution replaces one character by one character, so an offset into the normalised
text is the same offset into the original text: highlights need no map back. The one exception
to "same character at the same place" is a hyphenated wrap ("follow-\\nup" -> "follow-up "): the
continuation moves left by one character, so offsets inside that one word may be off by one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable

_BREAKS = re.compile(r"[\n\f]")
_BULLETS = "-*>o\u2022\u00b7\u25aa\u25e6\u2023\u2013\u2014"
_LIST_ITEM = re.compile(rf"([{_BULLETS}]|\d{{1,3}}[.)]|[a-zA-Z][.)]|\(\w{{1,3}}\)|\[[ xX]?\])\s")
# a line that starts with a date is a new row of a procedure history, not a wrapped sentence
_DATED_ROW = re.compile(r"(\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/(19|20)\d\d|(19|20)\d\d-\d\d)\b")
_SENTENCE_END = frozenset(".:;!?")
_CONNECTORS = frozenset(",(/&+")
_FUNCTION_WORDS = frozenset(
    "a an and at by for from in into of on or per than the to with without nor but "
    "dr mr mrs ms".split()
)
_HYPHEN_END = re.compile(r"[A-Za-z]-$")
_FIRST_TOKEN = re.compile(r"\S+")
# First parts of words hyphenated on purpose ("follow-up", "x-ray", "non-radicular"): a line
# break after them keeps the hyphen; any other hyphenated wrap is one word split in two.
_COMPOUND_FIRST_PARTS = frozenset(
    "follow x non self well long short left right post pre re co low high mid multi bi tri "
    "semi anti inter intra extra para peri sub cross facet medial one two three four five "
    "six seven eight nine ten mild moderate severe step check sign year month week day "
    "first second third t l c s".split()
)


def line_spans(text: str) -> list[tuple[int, int]]:
    """Returns (start, end) of every line; the break after a line (if any) is at `end`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BREAKS.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


# tabs, CR, VT, other C0/C1 controls, odd spaces (Unicode Zs/Zl/Zp), zero-width space, BOM
_ODD = re.compile(
    "[\x00-\x09\x0b\x0d-\x1f\x7f-\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]"
)


def _is_heading(line: str) -> bool:
    """True for a line in capitals ("PLAN", "HISTORY OF PRESENT ILLNESS:")."""
    return line.isupper() and len(line.strip()) >= 2


def is_soft_wrap(line: str, next_line: str) -> bool:
    """True when the break between two lines is a wrap inside a sentence, not a real break."""
    ending = line.rstrip()
    following = next_line.lstrip()
    if not ending or not following or _LIST_ITEM.match(following) or _is_heading(ending):
        return False
    if _DATED_ROW.match(following):
        return False
    last = ending[-1]
    if last in _SENTENCE_END:
        return False
    last_word = ending.rsplit(maxsplit=1)[-1].lower()
    if last in _CONNECTORS or last_word in _FUNCTION_WORDS:
        return following[0].isalnum() or following[0] in "($"
    return following[0].islower() or following[0].isdigit() or following[0] in "(,%/"


def _join_hyphen(out: list[str], base: str, line: tuple[int, int], nxt: tuple[int, int]) -> None:
    r"""Moves the continuation of "follow-\\nup" left over the break: "follow-up "."""
    (start, end), (next_start, next_end) = line, nxt
    if not _HYPHEN_END.search(base[start:end]) or next_start >= next_end:
        return
    if not base[next_start].islower():
        return
    fragment = _FIRST_TOKEN.match(base, next_start, next_end)
    if fragment is None:
        return
    token = fragment.group()
    # "radi-\nculopathy" is one word split in two: move the rest over the hyphen too, so rules
    # see "radiculopathy"; a compound ("follow-\nup", "x-\nray") keeps its hyphen
    first = base[start : end - 1].rsplit(maxsplit=1)[-1].lower() if end - 1 > start else ""
    at = end if first.strip("(\"'") in _COMPOUND_FIRST_PARTS else end - 1
    gap = next_start - at
    out[at : at + len(token)] = token
    out[at + len(token) : at + len(token) + gap] = " " * gap


def normalize_text(
    text: str,
    blanked: Iterable[tuple[int, int]] = (),
    hard: Collection[int] = (),
) -> str:
    r"""Returns the same-length NLP view of `text`.

    Tabs, CRs, odd spaces and stray control characters become spaces; `blanked` spans (running
    headers, page numbers) become spaces; a soft wrap inside a sentence becomes a space, even
    across a page break and blanked lines. Real breaks (list items, headings, blank lines, a
    capitalised next line after a line ending without punctuation, a line listed in `hard` as
    ending short of the margin) become "\\n", and so do form feeds.

    Args:
        text: the document text.
        blanked: (start, end) spans to turn into spaces; they must not contain line breaks.
        hard: offsets of line breaks that must stay real breaks.
    """
    chars = list(_ODD.sub(" ", text))
    for start, end in blanked:
        chars[start:end] = " " * (end - start)
    base = "".join(chars)
    out = ["\n" if ch == "\f" else ch for ch in base]
    spans = line_spans(base)
    content = [i for i, (s, e) in enumerate(spans) if base[s:e].strip()]
    for i, j in itertools.pairwise(content):
        if spans[i][1] in hard or any(not text[s:e].strip() for s, e in spans[i + 1 : j]):
            continue
        if not is_soft_wrap(base[slice(*spans[i])], base[slice(*spans[j])]):
            continue
        for line in spans[i:j]:
            out[line[1]] = " "
        if j == i + 1 and text[spans[i][1]] == "\n":
            _join_hyphen(out, base, spans[i], spans[j])
    result = "".join(out)
    if len(result) != len(text):  # pragma: no cover - the offset identity is the whole point
        raise AssertionError("normalisation changed the text length")
    return result


def short_line_breaks(text: str) -> set[int]:
    """Returns offsets of breaks after lines that end well short of the text's wrap width.

    A wrapped line is only short when the next word would not have fit, so a line ending with
    room for the next word ends a paragraph, a heading or a form field. Only used when the text
    looks wrapped (enough lines, a plausible width).
    """
    spans = line_spans(text)
    lengths = sorted(len(text[s:e].rstrip()) for s, e in spans if text[s:e].strip())
    if len(lengths) < 8:
        return set()
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width < 30:
        return set()
    hard: set[int] = set()
    for (start, end), (next_start, next_end) in itertools.pairwise(spans):
        line = text[start:end].rstrip()
        following = text[next_start:next_end].split(maxsplit=1)
        if line and following and len(line) + 1 + len(following[0]) < 0.75 * width:
            hard.add(end)
    return hard
