"""Same-length text normalisation for the NLP view of a document.

Every substitution replaces one character by one character, so an offset into the normalised
text is the same offset into the original text: highlights need no map back.
"""

from __future__ import annotations

_BULLETS = frozenset("-*•·o–—>")


def _is_soft_wrap(line: str, next_line: str) -> bool:
    """True when the break between two lines is a wrap inside a sentence, not a real break."""
    ending = line.rstrip()
    following = next_line.lstrip()
    if not ending or not following:
        return False
    if ending[-1] in ".:;!?":
        return False
    if following[0] in _BULLETS or following[0].isupper():
        return False
    return following[0].islower() or following[0].isdigit() or following[0] in "(,%/"


def normalize_text(text: str) -> str:
    """Returns `text` with soft wraps, tabs, CRs and odd spaces turned into plain spaces.

    Real line breaks (list items, headings, a capitalised next line, blank lines) stay "\\n" so the
    sentence splitter can end sentences there; form feeds become "\\n".
    """
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in "\t\r\v\u00a0\u2007\u202f\u200b":
            chars[i] = " "
        elif ch == "\f":
            chars[i] = "\n"
    normalised = "".join(chars)
    lines = normalised.split("\n")
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        if index < len(lines) - 1:
            out.append(" " if _is_soft_wrap(line, lines[index + 1]) else "\n")
    result = "".join(out)
    assert len(result) == len(text)  # noqa: S101  (offset identity is the whole point)
    return result
