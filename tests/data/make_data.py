"""Regenerates the small PDFs in tests/data (run: .venv/bin/python tests/data/make_data.py).

Needs reportlab, Pillow and pypdfium2 (all in the dev/run dependencies). The chart text is
invented; no real patient appears anywhere.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).parent
WIDTH, HEIGHT = letter
MARGIN = 72

PARAGRAPHS = [
    "HISTORY OF PRESENT ILLNESS",
    "Ms. Testpatient is a 58 year old woman seen for chronic axial low back pain that has "
    "been present for more than 14 months. The pain is worse with extension and rotation and "
    "does not radiate below the knee. She rates the pain 7/10 on average and reports an "
    "Oswestry Disability Index of 42 percent.",
    "She completed six weeks of physical therapy and a home exercise program without lasting "
    "relief. She also tried naproxen and acetaminophen. A follow-up visit was arranged after "
    "the diagnostic block.",
    "ASSESSMENT",
    "1. Lumbar spondylosis without myelopathy at L4-L5 and L5-S1.",
    "2. Facet-mediated pain suspected on examination.",
    "PLAN",
    "Bilateral L4-L5 and L5-S1 medial branch blocks under fluoroscopy. If she reports at least "
    "80 percent relief, radiofrequency ablation will be considered.",
]


HYPHENATED = (
    "she tolerated the examination well and will return to the clinic for a follow-",
    "up in {weeks} weeks and will call with any new weakness or numbness.",
)


def _wrapped(text: str, font: str, size: float, width: float) -> list[str]:
    return simpleSplit(text, font, size, width)


def _header_footer(canvas: Canvas, page: int, pages: int) -> None:
    canvas.setFont("Helvetica", 8)
    canvas.drawString(MARGIN, HEIGHT - 40, "Spine Pain Clinic - Testpatient, Ann - DOB 01/02/1966")
    canvas.drawCentredString(WIDTH / 2, 30, f"Page {page} of {pages}")


def make_letter(path: Path, pages: int = 3, encrypt: str | None = None) -> None:
    """Proportional font, running header and 'Page N of M' footer, wrapped paragraphs."""
    enc = StandardEncryption(encrypt, ownerPassword=encrypt + "-owner") if encrypt else None
    canvas = Canvas(str(path), pagesize=letter, encrypt=enc, invariant=1)
    for page in range(1, pages + 1):
        _header_footer(canvas, page, pages)
        y = HEIGHT - MARGIN - 20
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(MARGIN, y, f"PROGRESS NOTE {page} - visit date 0{page}/1{page}/2024")
        y -= 24
        for para in PARAGRAPHS[(page - 1) % 3 :]:
            heading = para.isupper()
            font = "Helvetica-Bold" if heading else "Helvetica"
            canvas.setFont(font, 11)
            for line in _wrapped(para, font, 11, WIDTH - 2 * MARGIN):
                canvas.drawString(MARGIN, y, line)
                y -= 14
            y -= 10
        # a hyphenated wrap drawn by hand
        canvas.setFont("Helvetica", 11)
        canvas.drawString(MARGIN, y, f"Visit {page}: " + HYPHENATED[0])
        canvas.drawString(MARGIN, y - 14, HYPHENATED[1].format(weeks=page + 1))
        canvas.showPage()
    canvas.save()


def make_keyvalue(path: Path) -> None:
    """Two columns of key: value pairs, like an intake form."""
    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    pairs = [
        ("Patient", "Testpatient, Ann", "MRN", "000123"),
        ("Visit date", "03/14/2024", "Provider", "J. Doe, MD"),
        ("Pain score", "7/10", "Duration", "14 months"),
        ("ODI", "42%", "Region", "lumbar"),
        ("Prior PT", "6 weeks, no relief", "NSAIDs", "naproxen"),
    ]
    y = HEIGHT - MARGIN
    for k1, v1, k2, v2 in pairs:
        canvas.setFont("Helvetica-Bold", 10)
        canvas.drawString(MARGIN, y, f"{k1}:")
        canvas.drawString(320, y, f"{k2}:")
        canvas.setFont("Helvetica", 10)
        canvas.drawString(160, y, v1)
        canvas.drawString(400, y, v2)
        y -= 18
    canvas.showPage()
    canvas.save()


def make_monospace(path: Path) -> None:
    """Courier, an EHR export wrapped at 78 columns, with a blank-line paragraph break."""
    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    canvas.setFont("Courier", 9)
    y = HEIGHT - MARGIN
    for para in PARAGRAPHS:
        for line in _wrapped(para, "Courier", 9, 78 * 5.4):
            canvas.drawString(MARGIN, y, line)
            y -= 11
        y -= 11
    canvas.showPage()
    canvas.save()


def make_blank(path: Path) -> None:
    """One page with nothing on it."""
    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    canvas.showPage()
    canvas.save()


def _page_image(source: Path, index: int, dpi: int) -> Image.Image:
    pdf = pdfium.PdfDocument(str(source))
    try:
        return pdf[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def make_scanned(path: Path, source: Path, dpi: int = 200) -> None:
    """An image-only PDF: page 1 of `source` rendered to pixels, like a fax or scan."""
    image = _page_image(source, 0, dpi).point(lambda v: 255 if v > 160 else 0).convert("1")
    image.save(path, "PDF", resolution=dpi)


def make_mixed(path: Path, source: Path) -> None:
    """Page 1 has a text layer, page 2 is a scan of the same page."""
    scan = io.BytesIO()
    make_scanned_bytes = _page_image(source, 0, 200).point(lambda v: 255 if v > 160 else 0)
    make_scanned_bytes.convert("1").save(scan, "PDF", resolution=200)
    text_pdf = pdfium.PdfDocument(str(source))
    scan_pdf = pdfium.PdfDocument(scan.getvalue())
    out = pdfium.PdfDocument.new()
    out.import_pages(text_pdf, [0])
    out.import_pages(scan_pdf, [0])
    out.save(str(path))
    for doc in (out, scan_pdf, text_pdf):
        doc.close()


def main() -> None:
    """Writes every test file."""
    make_letter(HERE / "letter.pdf")
    make_letter(HERE / "encrypted.pdf", pages=1, encrypt="secret")
    make_keyvalue(HERE / "keyvalue.pdf")
    make_monospace(HERE / "monospace.pdf")
    make_blank(HERE / "blank.pdf")
    make_scanned(HERE / "scanned.pdf", HERE / "letter.pdf")
    make_mixed(HERE / "mixed.pdf", HERE / "letter.pdf")


if __name__ == "__main__":
    main()
