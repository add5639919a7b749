"""The same-length NLP view: soft wraps, real breaks, hyphenated wraps, running lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest import load_document
from extractor.ingest.normalize import is_soft_wrap, normalize_text, short_line_breaks


def test_soft_wrap_inside_a_sentence_becomes_a_space() -> None:
    text = "Pain has persisted for\nmore than six months."
    assert normalize_text(text) == "Pain has persisted for more than six months."


@pytest.mark.parametrize(
    "text",
    [
        "Assessment\n1. Lumbar spondylosis",  # numbered list item
        "Medications\n- naproxen 500 mg",  # bullet
        "Plan\nMedial branch block",  # capitalised after a line without punctuation
        "No relief.\nthen PT was tried",  # sentence end
        "PLAN\nlumbar MBB at L4-L5",  # heading in capitals
        "first paragraph\n\nsecond paragraph",  # blank line
    ],
)
def test_real_breaks_stay_newlines(text: str) -> None:
    out = normalize_text(text)
    assert len(out) == len(text)
    first_break = text.index("\n")
    assert out[first_break] == "\n"


def test_wrap_after_a_connector_joins_a_capitalised_line() -> None:
    assert is_soft_wrap("She was seen by", "Dr. Smith for")
    assert is_soft_wrap("tried NSAIDs,", "PT and chiropractic care")
    assert not is_soft_wrap("tried NSAIDs,", "- PT")


def test_word_starting_with_o_is_not_a_bullet() -> None:
    assert normalize_text("pain is worse\noften at night") == "pain is worse often at night"


def test_hyphenated_wrap_joins_the_word_keeping_the_length() -> None:
    text = "return for a follow-\nup in two weeks"
    out = normalize_text(text)
    assert out == "return for a follow-up  in two weeks"
    assert len(out) == len(text)
    assert out.index("in two") == text.index("in two"), "offsets after the word are exact"


def test_word_split_by_a_hyphenated_wrap_is_rejoined_without_the_hyphen() -> None:
    text = "L5 radi-\nculopathy is denied; low back p-\nain 6/10"
    out = normalize_text(text)
    assert "radiculopathy" in out and "pain" in out
    assert len(out) == len(text)
    assert out.index("is denied") == text.index("is denied")


def test_tabs_crs_odd_spaces_and_form_feeds() -> None:
    text = "a\tb\r\nc\u00a0d\fE"
    assert normalize_text(text) == "a b  c d\nE"


def test_blanked_spans_and_soft_wrap_across_them() -> None:
    text = "the pain is worse with\nPage 1 of 2\fHeader line\nextension and rotation."
    footer = (text.index("Page"), text.index("\f"))
    header = (text.index("Header"), text.index("Header") + len("Header line"))
    out = normalize_text(text, [footer, header])
    assert len(out) == len(text)
    assert "Page" not in out and "Header" not in out
    assert "\n" not in out, "the sentence continues across the page break"


def test_hard_breaks_are_kept() -> None:
    text = "Pain score\nseven of ten"
    assert normalize_text(text)[10] == " "
    assert normalize_text(text, hard={10})[10] == "\n"


def test_short_lines_in_wrapped_text_end_paragraphs() -> None:
    wrapped = "\n".join(["word " * 14 + "end"] * 8)
    text = "Impression\n" + wrapped + "\nlast words here"
    hard = short_line_breaks(text)
    assert text.index("\n") in hard, "a short heading line ends there"
    assert all(text[i] == "\n" for i in hard)


def test_pdf_running_header_and_page_footer_are_blanked(data: Path) -> None:
    doc = load_document(data / "letter.pdf")
    assert doc.text.count("Spine Pain Clinic") == 3
    assert "Spine Pain Clinic" not in doc.nlp_text
    assert "Page 2 of 3" in doc.text and "Page 2 of 3" not in doc.nlp_text
    assert "PROGRESS NOTE 2 - visit date 02/12/2024" in doc.nlp_text, "titles with dates stay"


def test_pdf_hyphenated_wrap_and_soft_wraps(data: Path) -> None:
    doc = load_document(data / "letter.pdf")
    assert "clinic for a follow-up  in 2 weeks" in doc.nlp_text
    assert "has been present for more than 14 months" in doc.nlp_text
    assert "\nASSESSMENT\n" in doc.nlp_text
    assert "\n1. Lumbar spondylosis" in doc.nlp_text


def test_single_page_number_is_blanked(tmp_path: Path) -> None:
    from .pdfs import pages_pdf, stream, text_content

    path = tmp_path / "numbered.pdf"
    path.write_bytes(pages_pdf([stream(text_content(["Facet pain noted.", "", "- 7 -"]))]))
    doc = load_document(path)
    assert "- 7 -" in doc.text and "7" not in doc.nlp_text
    assert len(doc.nlp_text) == len(doc.text)
