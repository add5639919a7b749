"""medspaCy's RegexMatcher, with the document text built once per call instead of per pattern.

medspaCy 1.3.1 calls `doc.text_with_ws` inside its pattern loop; spaCy rebuilds that string from
every token on each access, so a ruleset of ~800 regexes spent most of a chart's time re-joining
tokens (bench/engine_bench.py). Matching semantics are unchanged: same patterns, same token
resolution, same callbacks (tests/nlp/test_fast_regex.py compares both).
"""

from __future__ import annotations

from typing import Any

from medspacy.common import medspacy_matcher
from medspacy.common.regex_matcher import RegexMatcher
from medspacy.common.util import get_token_for_char
from spacy.tokens import Doc


class CachedTextRegexMatcher(RegexMatcher):
    """A RegexMatcher that reads `doc.text_with_ws` once per document."""

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Returns (match_id, start, end) token matches, as RegexMatcher does."""
        text = doc.text_with_ws
        matches: list[tuple[int, int, int]] = []
        for match_id, patterns in self._patterns.items():
            on_match = self._callbacks[match_id]
            for pattern in patterns:
                for found in pattern.finditer(text):
                    span = self._span(doc, found.start(), found.end())
                    if len(span):
                        matches.append((match_id, span.start, span.end))
                    if on_match is not None:
                        on_match(self, doc, len(matches) - 1, matches)
        return matches

    def _span(self, doc: Doc, start: int, end: int) -> Any:
        span = doc.char_span(start, end)
        if span is not None:
            return span
        first = get_token_for_char(doc, start, resolve=self.resolve_start)
        last = get_token_for_char(doc, end, resolve=self.resolve_end)
        return doc[first.i : len(doc) if last is None else last.i]


def install() -> None:
    """Makes every medspaCy matcher built from now on use the cached-text RegexMatcher."""
    medspacy_matcher.RegexMatcher = CachedTextRegexMatcher  # type: ignore[misc]
