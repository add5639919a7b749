"""Offsets, pages and boxes of text and PDF inputs in several layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest import load_document

from .pdfs import assert_invariants, pages_pdf, stream, text_content

LAYOUTS = ["letter.pdf", "keyvalue.pdf", "monospace.pdf"]


@pytest.mark.parametrize("name", LAYOUTS)
def test_pdf_layouts_keep_the_offset_contract(data: Path, name: str) -> None:
    doc = load_document(data / name)
    assert_invariants(doc)
    assert doc.source.mimetype == "application/pdf"
    assert doc.source.name == name
    assert all(word.box is not None for page in doc.pages for word in page.words)
    assert not any(page.ocr for page in doc.pages)
    assert doc.warnings == []


def test_letter_has_three_pages_with_words(data: Path) -> None:
    doc = load_document(data / "letter.pdf")
    assert [p.page_no for p in doc.pages] == [1, 2, 3]
    assert all(p.words for p in doc.pages)
    assert all((p.width, p.height) == (612, 792) for p in doc.pages)
    assert doc.text.count("\f") == 2
    assert doc.page_at(doc.text.index("PROGRESS NOTE 2")).page_no == 2


def test_keyvalue_pairs_stay_on_their_line(data: Path) -> None:
    doc = load_document(data / "keyvalue.pdf")
    lines = doc.text.split("\n")
    assert "Pain score: 7/10 Duration: 14 months" in lines
    assert "Prior PT: 6 weeks, no relief NSAIDs: naproxen" in lines


def test_word_boxes_match_the_drawn_text(data: Path) -> None:
    doc = load_document(data / "keyvalue.pdf")
    word = next(w for w in doc.pages[0].words if w.text == "000123")
    assert word.box is not None
    assert word.box.x0 == pytest.approx(400, abs=1)
    assert word.box.top == pytest.approx(72, abs=12)


def test_text_file_offsets_index_the_decoded_file(tmp_path: Path) -> None:
    text = "Chronic axial\tpain  for 8 months.\r\nNo radicular signs.\n\n\fODI 40%\n"
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8", newline="")
    doc = load_document(path)
    assert doc.text == text
    assert_invariants(doc)
    assert [w.text for w in doc.pages[0].words][:3] == ["Chronic", "axial", "pain"]
    assert doc.source.mimetype == "text/plain"


def test_words_off_the_page_are_dropped(tmp_path: Path) -> None:
    content = b"BT /F1 12 Tf 72 720 Td (Visible words) Tj 2000 0 Td (Hidden) Tj ET"
    path = tmp_path / "offpage.pdf"
    path.write_bytes(pages_pdf([stream(content)]))
    doc = load_document(path)
    assert "Visible words" in doc.text
    assert "Hidden" not in doc.text
    assert_invariants(doc)


def test_empty_pages_keep_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "gap.pdf"
    path.write_bytes(
        pages_pdf(
            [
                stream(text_content(["first page"])),
                stream(b""),
                stream(text_content(["third page"])),
            ]
        )
    )
    doc = load_document(path)
    assert [p.page_no for p in doc.pages] == [1, 2, 3]
    assert doc.pages[1].words == [] and doc.pages[1].start == doc.pages[1].end
    assert doc.page_at(doc.text.index("third")).page_no == 3
    assert_invariants(doc)
