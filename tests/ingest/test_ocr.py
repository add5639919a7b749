"""Scanned pages: offline OCR with Tesseract, same Page/Word/Box structure, clear fallbacks."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from extractor.errors import InputError
from extractor.ingest import IngestLimits, load_document
from extractor.ingest.ocr import PageImage, parse_tsv, run_tesseract

from .pdfs import assert_invariants

NO_TESSERACT = IngestLimits(tesseract="no-such-tesseract-binary")


def _words(text: str) -> set[str]:
    return {w.strip(".,:;()").lower() for w in text.split() if len(w) > 2}


@pytest.mark.ocr
def test_scanned_page_is_read_by_ocr(data: Path) -> None:
    messages: list[str] = []
    started = time.monotonic()
    doc = load_document(data / "scanned.pdf", progress=messages.append)
    elapsed = time.monotonic() - started
    assert elapsed < 30
    assert_invariants(doc)
    page = doc.pages[0]
    assert page.ocr and page.words
    assert "OCR page 1 of 1 (scanned page)" in messages
    assert any("read by OCR" in w and "confidence" in w for w in doc.warnings)
    original = load_document(data / "letter.pdf")
    expected = _words(original.text[original.pages[0].start : original.pages[0].end])
    found = _words(doc.text)
    assert len(expected & found) / len(expected) > 0.9


@pytest.mark.ocr
def test_ocr_boxes_are_in_points_like_the_text_layer(data: Path) -> None:
    scanned = load_document(data / "scanned.pdf")
    original = load_document(data / "letter.pdf")
    ocr_box = next(w.box for w in scanned.pages[0].words if w.text == "Oswestry")
    text_box = next(w.box for w in original.pages[0].words if w.text == "Oswestry")
    assert ocr_box is not None and text_box is not None
    for edge in ("x0", "top", "x1", "bottom"):
        assert getattr(ocr_box, edge) == pytest.approx(getattr(text_box, edge), abs=4)


@pytest.mark.ocr
def test_mixed_pdf_ocrs_only_the_scanned_page(data: Path) -> None:
    doc = load_document(data / "mixed.pdf")
    assert [p.ocr for p in doc.pages] == [False, True]
    assert all(p.words for p in doc.pages)
    assert_invariants(doc)
    assert "medial branch blocks" in doc.nlp_text[doc.pages[1].start :]


def test_scan_without_tesseract_is_a_clear_error(data: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_document(data / "scanned.pdf", limits=NO_TESSERACT)
    message = str(caught.value)
    assert message.startswith("scanned.pdf: ") and "install Tesseract" in message


def test_mixed_pdf_without_tesseract_warns_about_the_scanned_page(data: Path) -> None:
    doc = load_document(data / "mixed.pdf", limits=NO_TESSERACT)
    assert doc.pages[0].words and not doc.pages[1].words
    assert doc.warnings == [
        "page 2 is a scan and was not read: OCR is not available: install Tesseract "
        "(Debian package tesseract-ocr)"
    ]


def test_ocr_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    monkeypatch.setenv("FACET_OCR", "0")
    doc = load_document(data / "mixed.pdf")
    assert "page 2 is a scan and was not read: OCR is turned off" in doc.warnings


def test_parse_tsv_scales_pixels_to_points() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t300\t300\t150\t50\t96.5\tFacet\n"
        "5\t1\t1\t1\t1\t2\t500\t300\t100\t50\t91.5\tpain\n"
        "5\t1\t1\t1\t2\t1\t300\t400\t100\t50\t90\tL4-L5\n"
        "5\t1\t1\t1\t2\t2\t500\t400\t100\t50\t-1\t \n"
    )
    result = parse_tsv(tsv, 72 / 300, 72 / 300)
    assert [[w[0] for w in line] for line in result.lines] == [["Facet", "pain"], ["L4-L5"]]
    assert result.lines[0][0][1:] == pytest.approx((72, 72, 108, 84))
    assert result.confidence == pytest.approx((96.5 + 91.5 + 90) / 3)
    assert parse_tsv("", 1, 1).lines == []


def test_tesseract_runs_single_threaded_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        seen.update(args=args, **kwargs)
        return subprocess.CompletedProcess(args, 0, b"level\n", b"")

    monkeypatch.setattr(subprocess, "run", fake_run)
    run_tesseract(PageImage(b"P5 1 1 255 x", 1, 1, 300), "tesseract", IngestLimits())
    assert seen["env"]["OMP_THREAD_LIMIT"] == "1"
    assert seen["args"][:3] == ["tesseract", "stdin", "stdout"]
    assert seen["input"] == b"P5 1 1 255 x"
    assert seen["timeout"] == IngestLimits().ocr_page_timeout_s


def _line(text: str, top: float = 72.0) -> list[tuple[str, float, float, float, float]]:
    return [
        (word, 72.0 + 40 * i, top, 100.0 + 40 * i, top + 10) for i, word in enumerate(text.split())
    ]


@pytest.mark.parametrize(
    ("lines", "image_share", "curves", "expected"),
    [
        ([], 0.0, 0, False),  # blank page
        ([], 0.9, 0, True),  # scan
        ([], 0.0, 400, True),  # text drawn as outlines
        ([_line("FAX from 555 0100 P.001")], 0.95, 0, True),  # fax header over a scan
        ([_line("(cid:12)(cid:15)(cid:33) (cid:40)(cid:2)")], 0.0, 0, True),  # junk text layer
        ([_line("Facet pain " * 30)], 0.95, 0, False),  # real text over a background image
        ([_line("Chronic axial pain for 14 months")], 0.0, 0, False),
    ],
)
def test_when_a_page_needs_ocr(
    lines: list[Any], image_share: float, curves: int, expected: bool
) -> None:
    from extractor.ingest.worker import PageText

    assert PageText(612, 792, lines, image_share, curves).needs_ocr() is expected


def _page_image(dpi: int) -> Any:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(Path(__file__).parents[1] / "data" / "letter.pdf"))
    try:
        return pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def _recall(doc_text: str, data: Path) -> float:
    original = load_document(data / "letter.pdf")
    expected = _words(original.text[original.pages[0].start : original.pages[0].end])
    return len(expected & _words(doc_text)) / len(expected)


@pytest.mark.ocr
def test_degraded_150_dpi_scan_is_still_read(tmp_path: Path, data: Path) -> None:
    import random

    from PIL import Image

    image = _page_image(150).rotate(0.8, resample=Image.Resampling.BILINEAR, fillcolor=255)
    noise = random.Random(5)
    pixels = image.load()
    assert pixels is not None
    for _ in range(image.width * image.height // 200):
        x, y = noise.randrange(image.width), noise.randrange(image.height)
        pixels[x, y] = 0 if noise.random() < 0.5 else 255
    path = tmp_path / "fax.pdf"
    image.save(path, "PDF", resolution=150)
    doc = load_document(path)
    assert doc.pages[0].ocr
    assert_invariants(doc)
    assert _recall(doc.text, data) > 0.85


@pytest.mark.ocr
def test_fax_header_over_a_scan_still_gets_ocr(tmp_path: Path, data: Path) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "faxed.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792))
    canvas.drawImage(ImageReader(_page_image(200)), 0, 0, width=612, height=792)
    canvas.setFont("Helvetica", 7)
    canvas.drawString(20, 782, "03/14/2024 10:22 FAX 5550100 SPINE CLINIC P.001/003")
    canvas.showPage()
    canvas.save()
    doc = load_document(path)
    assert doc.pages[0].ocr
    assert _recall(doc.text, data) > 0.9


@pytest.mark.ocr
def test_multi_page_scan_is_read_in_order_with_parallel_ocr(tmp_path: Path) -> None:
    import pypdfium2

    source = pypdfium2.PdfDocument(str(Path(__file__).parents[1] / "data" / "letter.pdf"))
    images = [
        source[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L") for i in range(3)
    ]
    source.close()
    path = tmp_path / "scan3.pdf"
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    messages: list[str] = []
    doc = load_document(path, progress=messages.append, limits=IngestLimits(ocr_workers=2))
    assert [p.ocr for p in doc.pages] == [True, True, True]
    assert_invariants(doc)
    for number in (1, 2, 3):
        page = doc.pages[number - 1]
        assert f"PROGRESS NOTE {number}" in doc.text[page.start : page.end]
    assert sorted(m for m in messages if m.startswith("OCR")) == [
        f"OCR page {n} of 3 (scanned page)" for n in (1, 2, 3)
    ]


def test_ocr_workers_setting_and_idle_core_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from extractor.ingest.ocr import ocr_workers

    assert ocr_workers(IngestLimits(ocr_workers=3)) == 3
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.1, 0.0, 0.0))
    assert ocr_workers(IngestLimits()) == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (2.7, 0.0, 0.0))
    assert ocr_workers(IngestLimits()) == 1
    monkeypatch.setenv("FACET_OCR_WORKERS", "1")
    assert IngestLimits.from_env().ocr_workers == 1


@pytest.mark.ocr
@pytest.mark.parametrize("turn", [90, 270])
def test_sideways_scan_is_turned_upright(tmp_path: Path, data: Path, turn: int) -> None:
    image = _page_image(200).rotate(turn, expand=True)
    path = tmp_path / "sideways.pdf"
    image.save(path, "PDF", resolution=200)
    doc = load_document(path)
    page = doc.pages[0]
    assert page.ocr and (page.width, page.height) == pytest.approx((792, 612), abs=1)
    assert_invariants(doc)
    assert _recall(doc.text, data) > 0.9
    box = next(w.box for w in page.words if w.text == "Oswestry")
    assert box is not None
    assert box.bottom - box.top > 2 * (box.x1 - box.x0), "a word on a sideways page runs down"


def test_unturn_maps_boxes_back() -> None:
    from extractor.ingest.ocr import unturn

    # a 100 x 50 image; a box at its top-left corner, seen in the image turned clockwise
    assert unturn(90, 100, 50)((40, 0, 50, 10)) == (0, 0, 10, 10)
    assert unturn(180, 100, 50)((90, 40, 100, 50)) == (0, 0, 10, 10)
    assert unturn(270, 100, 50)((0, 90, 10, 100)) == (0, 0, 10, 10)
    assert unturn(0, 100, 50)((1, 2, 3, 4)) == (1, 2, 3, 4)


@pytest.mark.ocr
def test_sideways_scan_layout_is_judged_upright(tmp_path: Path) -> None:
    image = _page_image(200).rotate(90, expand=True)
    path = tmp_path / "sideways.pdf"
    image.save(path, "PDF", resolution=200)
    doc = load_document(path)
    assert "low back pain that has been present for more than 14 months" in doc.nlp_text
