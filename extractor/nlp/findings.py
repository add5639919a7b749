"""Doc -> list[Finding]: the only reader of `span._.*` attributes."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from functools import cache
from typing import Any

from medspacy.target_matcher import TargetRule
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.models import DateValue, Document, Finding, Flags
from extractor.nlp.extensions import FLAG_ATTRIBUTES
from extractor.nlp.pipeline import CUE_GROUP, SPAN_GROUP, target_rules
from extractor.nlp.values import parse_value
from extractor.vocabulary import Region
from nlp_rules.schema import section_file

# Labels that only help place other findings; they are not evidence themselves.
REGION_CUE = "REGION_CUE"
NOTE_DATE = "NOTE_DATE"
# values read from the match to the end of the sentence
_CONTEXT_VALUES = frozenset({"relief", "functional"})
_LABEL_MAX = 40  # a form label ("Anesthesia plan:") is short


@cache
def _rules_by_label() -> dict[str, list[tuple[TargetRule, re.Pattern[str] | None]]]:
    index: dict[str, list[tuple[TargetRule, re.Pattern[str] | None]]] = {}
    for rule in target_rules():
        pattern = re.compile(rule.pattern, re.IGNORECASE) if isinstance(rule.pattern, str) else None
        index.setdefault(rule.category, []).append((rule, pattern))
    return index


def _rule_of(span: Span) -> TargetRule | None:
    """Returns the target rule that made `span`.

    spaCy keys Span extensions by character offsets only, so when two rules of different labels
    match the very same text ("facet syndrome" is axial pain and a facet finding), the later
    matcher overwrites `span._.target_rule` of both. The label is reliable: find the rule of that
    label that matches the text.
    """
    rule = span._.target_rule
    if rule is not None and rule.category == span.label_:
        return rule
    text = span.text
    for candidate, pattern in _rules_by_label().get(span.label_, []):
        if pattern is not None and pattern.search(text):
            return candidate
        if pattern is None and candidate.literal.lower() == text.lower():
            return candidate
    return None


def _metadata(span: Span) -> dict[str, Any]:
    rule = _rule_of(span)
    return dict(rule.metadata or {}) if rule is not None else {}


def _sentence_bounds(document: Document, sent: Span) -> tuple[int, int]:
    start, end = sent.start_char, sent.end_char
    text = document.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _region_near(span: Span, cues: list[tuple[int, Region]]) -> Region | None:
    """Returns the region of the region cue nearest the span inside its sentence.

    A cue inside or before the span wins over one after it: a score or a duration follows its
    subject ("LBP 7/10; also neck pain 5/10").
    """
    sent = span.sent
    inside = [(p, r) for p, r in cues if sent.start_char <= p < sent.end_char]
    before = [(span.start_char - p, r) for p, r in inside if p < span.end_char]
    after = [(p - span.start_char, r) for p, r in inside if p >= span.end_char]
    best = min(before or after, default=None)
    return best[1] if best else None


def _note_dates(doc: Doc, document: Document) -> tuple[list[int], list[dt.date]]:
    positions: list[int] = []
    dates: list[dt.date] = []
    for span in doc.spans[CUE_GROUP]:
        if span.label_ != NOTE_DATE:
            continue
        value = parse_value("date", document.text[span.start_char : span.end_char], None, {})
        if isinstance(value, DateValue):
            positions.append(span.start_char)
            dates.append(value.date)
    return positions, dates


def _latest_date(doc: Doc, document: Document) -> tuple[list[int], list[dt.date]]:
    found = [
        value.date
        for span in doc.spans[CUE_GROUP]
        if span.label_ == "DATE"
        and isinstance(value := parse_value("date", span.text, None, {}), DateValue)
    ]
    return ([0], [max(found)]) if found else ([], [])


def _date_for(offset: int, positions: list[int], dates: list[dt.date]) -> dt.date | None:
    if not dates:
        return None
    index = bisect_right(positions, offset) - 1
    return dates[max(index, 0)]


def _is_label_line(line: str) -> bool:
    """True for a form line "Some label: value" (a new item, not a continuation)."""
    head, colon, _ = line.strip().partition(":")
    head = head.strip()
    return bool(colon) and 0 < len(head) <= _LABEL_MAX and all(
        ch.isalpha() or ch in " /&-()." for ch in head
    )


def _inline_scope_ends(text: str, title_end: int, offset: int) -> bool:
    """True when `offset` lies past the reach of an inline header ending at `title_end`.

    "Allergies: sulfa" governs its own line and the list lines under it, not the next
    "Anesthesia plan: MAC" line of a form.
    """
    lines = text[title_end:offset].split("\n")[1:]
    for line in lines:
        stripped = line.strip()
        if not stripped or (not line[:1].isspace() and stripped[0] not in "-*•0123456789"
                            and _is_label_line(line)):
            return True
    return False


def section_of(span: Span) -> str | None:
    """Returns the section of a span; an inline header's section stops at the next form label."""
    doc, token = span.doc, span[0]
    category, title = token._.section_category, token._.section_title
    while category is not None and title is not None:
        header_line = doc.text[title.end_char :].split("\n", 1)[0]
        if not header_line.strip() or not _inline_scope_ends(
            doc.text, title.end_char, span.start_char
        ):
            return category
        if title.start == 0:
            return None
        before = doc[title.start - 1]
        category, title = before._.section_category, before._.section_title
    return category


def _section_flag(span: Span) -> str | None:
    """Returns the flag a section sets on `span` ("family"), within the header's paragraph only."""
    flag = section_file().flag_sections.get(span[0]._.section_category or "")
    title = span[0]._.section_title
    if flag is None or title is None:
        return None
    text = span.doc.text
    between = text[title.end_char : span.start_char]
    rest_of_header_line = text[title.end_char :].split("\n", 1)[0]
    if rest_of_header_line.strip():  # inline header ("Family history: mother ..."): that line only
        return None if "\n" in between else flag
    return None if "\n\n" in between or "\n \n" in between else flag


def _flags(span: Span) -> Flags:
    flags = {flag: bool(getattr(span._, attr)) for flag, attr in FLAG_ATTRIBUTES.items()}
    section_flag = _section_flag(span)
    if section_flag:
        flags[section_flag] = True
    if flags["family"]:
        # a relative's condition is theirs: "historical" would misread it as the patient's past
        flags["historical"] = False
    return Flags(**flags)


def _longest_per_label(spans: list[Span]) -> list[Span]:
    """Returns the spans without any that lies inside a longer span of the same label."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start_char - s.end_char, s.start_char)):
        inside = any(
            k.label == span.label
            and k.start_char <= span.start_char
            and span.end_char <= k.end_char
            for k in kept
        )
        if not inside:
            kept.append(span)
    return kept


def _finding(span: Span, document: Document, region: Region | None, note_date: dt.date | None
             ) -> Finding:
    meta = _metadata(span)
    tags: dict[str, str] = dict(meta.get("tags") or {})
    sent_start, sent_end = _sentence_bounds(document, span.sent)
    value = None
    if meta.get("value"):
        end = sent_end if meta["value"] in _CONTEXT_VALUES else span.end_char
        value = parse_value(meta["value"], document.text[span.start_char : end], note_date, tags)
    page = document.page_at(span.start_char)
    return Finding(
        label=span.label_,
        rule_id=meta["rule_id"],
        criterion=meta["criterion"],
        source=document.source.name,
        match_text=document.text[span.start_char : span.end_char],
        match_start=span.start_char,
        match_end=span.end_char,
        sentence=document.text[sent_start:sent_end],
        sentence_start=sent_start,
        sentence_end=sent_end,
        page=page.page_no,
        section=section_of(span),
        flags=_flags(span),
        modifiers=sorted({m.category for m in span._.modifiers}),
        region=meta.get("region") or region,
        value=value,
        note_date=note_date,
        attributes=tags,
        ocr=page.ocr,
    )


def extract_findings(nlp: Language, document: Document) -> list[Finding]:
    """Returns every finding in `document`, in text order."""
    doc = nlp(document.nlp_text)
    cues = [
        (span.start_char, _metadata(span)["region"])
        for span in doc.spans[CUE_GROUP]
        if span.label_ == REGION_CUE
    ]
    positions, dates = _note_dates(doc, document)
    if not dates:
        # no "date of service" line: the latest date written anywhere stands in for it
        positions, dates = _latest_date(doc, document)
    spans = _longest_per_label(
        [s for s in (*doc.spans[SPAN_GROUP], *doc.spans[CUE_GROUP])
         if s.label_ != REGION_CUE and _rule_of(s) is not None]
    )
    findings = [
        _finding(
            span,
            document,
            _region_near(span, cues),
            _date_for(span.start_char, positions, dates),
        )
        for span in spans
    ]
    return sorted(findings, key=lambda f: (f.match_start, f.match_end))
