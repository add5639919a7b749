from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from extractor.models import Box, Document, PainScore, Relief
from extractor.review import render
from extractor.review.sentences import page_sentences

from .charts import write_chart_pdf
from .factories import evidence, make_document


def test_text_html_escapes_and_marks_focus_first() -> None:
    text = "a <b> & c"
    html = render.text_html(text, 100, [
        render.Span(start=102, end=105, color="#ff0000", title="T<1>"),
        render.Span(start=100, end=109, color="#00ff00", title="all", focus=True),
    ])
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html.count("<mark") == 1  # the focused span owns every character
    assert "T&lt;1&gt;" not in html


def test_text_html_shorter_span_wins_overlap() -> None:
    html = render.text_html("abcdef", 0, [
        render.Span(start=0, end=6, color="#111111", title="long"),
        render.Span(start=2, end=4, color="#222222", title="short"),
    ])
    assert html.count("<mark") == 3
    assert 'title="short + long"' in html


def test_line_boxes_merge_words_per_line() -> None:
    boxes = [Box(page=1, x0=10, top=20, x1=20, bottom=30), Box(page=1, x0=25, top=20.5, x1=40,
                                                               bottom=30),
             Box(page=1, x0=10, top=40, x1=30, bottom=50)]
    merged = render.line_boxes(boxes)
    assert [(b.x0, b.x1, b.top) for b in merged] == [(10, 40, 20), (10, 30, 40)]


def test_page_image_png_cropped(tmp_path: Path) -> None:
    pdf = write_chart_pdf(tmp_path / "c.pdf").read_bytes()
    full = Image.open(io.BytesIO(render.page_image(pdf, 1)))
    mark = render.Mark(box=Box(page=1, x0=50, top=50, x1=200, bottom=62), color="#ff8800")
    crop = Box(page=1, x0=40, top=40, x1=340, bottom=240)
    cropped = Image.open(io.BytesIO(render.page_image(pdf, 1, [mark], crop)))
    assert full.width > cropped.width
    assert cropped.size == (600, 400)
    assert cropped.getpixel((100, 30)) != (255, 255, 255)  # inside the drawn mark


def test_content_box_none_for_text_page() -> None:
    assert render.content_box(make_document().pages[0]) is None
    assert render.content_box(make_document(pdf=True).pages[0]) is not None


def test_value_text_and_caption() -> None:
    assert render.value_text(PainScore(value=7)) == "7/10 NRS"
    assert render.value_text(Relief(percent=80)) == "80% relief"
    item = evidence("Pain 7/10 for 2 years.").model_copy(update={
        "value": PainScore(value=7), "flags": ["historical"]})
    caption = render.evidence_caption(item, with_source=False)
    assert caption.startswith("p.1 · `rule.1`") and "historical" in caption and "7/10" in caption


def test_md_escape_neutralises_links_and_emphasis() -> None:
    assert render.md_escape("[x](http://e) *b*") == r"\[x\]\(http\://e\) \*b\*"


def test_titles_cover_every_criterion() -> None:
    assert set(render.criterion_titles()) == set(render.CRITERION_COLORS) == set(
        render.SHORT_NAMES)


def test_page_sentences_offsets_match_text() -> None:
    document: Document = make_document("First one. Second one!\n\n  Third line\nx\n")
    sentences = page_sentences(document, document.pages[0])
    assert [s.text for s in sentences] == ["First one.", "Second one!", "Third line"]
    assert all(document.text[s.start:s.end] == s.text for s in sentences)
