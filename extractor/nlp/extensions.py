"""Every custom Span attribute the pipeline sets, declared once (medspaCy `_extensions` pattern)."""

from __future__ import annotations

from spacy.tokens import Span

# ConText flag attributes; the same names medspaCy's defaults use, so its tooling still reads them.
FLAG_ATTRIBUTES = {
    "negated": "is_negated",
    "historical": "is_historical",
    "hypothetical": "is_hypothetical",
    "family": "is_family",
    "uncertain": "is_uncertain",
}


def declare_extensions() -> None:
    """Declares the flag attributes on `Span` (idempotent)."""
    for attribute in FLAG_ATTRIBUTES.values():
        if not Span.has_extension(attribute):
            Span.set_extension(attribute, default=False)
