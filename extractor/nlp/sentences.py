r"""Sentence boundaries for clinical text: punctuation, and real line breaks.

medspaCy's PyRuSH raises E109 on "\\n" not followed by a space (medspaCy issue #323) and lets a
bare newline run two list lines into one sentence, so negation leaks to the next line. Ingest
already turned soft wraps into spaces, so every remaining "\\n" is a real break.
"""

# No `from __future__ import annotations`: spaCy resolves factory signatures at run time.

from spacy.language import Language
from spacy.tokens import Doc

from nlp_rules.schema import sentence_rules

_ENDERS = frozenset({".", "?", "!"})


@Language.factory("facet_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> "SentenceSplitter":
    """Returns the sentence splitter component."""
    return SentenceSplitter(frozenset(a.lower() for a in sentence_rules().abbreviations))


class SentenceSplitter:
    """Marks sentence starts after . ? ! (not after abbreviations) and after line breaks."""

    def __init__(self, abbreviations: frozenset[str]) -> None:
        self.abbreviations = abbreviations

    def __call__(self, doc: Doc) -> Doc:
        """Returns `doc` with `is_sent_start` set on every token."""
        for index, token in enumerate(doc):
            if index == 0:
                token.is_sent_start = True
                continue
            previous = doc[index - 1]
            line_break = "\n" in previous.text or "\n" in previous.whitespace_
            token.is_sent_start = line_break or self._ends_sentence(doc, index - 1)
        return doc

    def _ends_sentence(self, doc: Doc, index: int) -> bool:
        token = doc[index]
        if token.text not in _ENDERS:
            return False
        if not token.whitespace_ and index + 1 < len(doc) and not doc[index + 1].is_space:
            return False  # "5.5" or "q.d." keep going
        before = doc[index - 1].text.lower() if index else ""
        return before not in self.abbreviations
