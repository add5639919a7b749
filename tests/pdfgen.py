"""Renders plain-text chart notes as PDFs in a few realistic print layouts (test fixtures).

Layouts:
  header_footer  letter page, proportional font, wrapped paragraphs, a running header (clinic
                 name, patient placeholder, note date) and a "Page N of M" footer on every page.
  fax            a fax cover sheet first, then the note; a fax transmission line (date/time,
                 sender, receiver, "P. 003/007") across the top of every page.
  ehr_mono       monospace EHR print: 80 columns, hard-wrapped lines, a two-column key:value
                 demographics block at the top, "Printed ... Page N of M" at the bottom.

Usage:
  render_pdf(text, Path("out.pdf"), "fax")
  render_corpus(Path("corpora/synthetic"), Path("/tmp/pdfs"), "ehr_mono")
  python -m tests.pdfgen SRC OUT --layout header_footer   (SRC: a .txt file or a corpus dir)
  python tests/pdfgen.py SRC OUT --layout all             (same, without the package import)

Everything is synthetic: the header only carries placeholders ("SYNTHETIC, PATIENT"). The PDFs
are deterministic (reportlab invariant mode, dates taken from the note) so tests can compare runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

LAYOUTS = ("header_footer", "fax", "ehr_mono")

CLINIC = "Riverbend Spine & Pain Center (synthetic)"
PATIENT = "SYNTHETIC, PATIENT"
MRN = "000000"
DOB = "01/01/1950"
FAX_FROM = "(555) 010-0142"
FAX_TO = "(555) 010-0199"

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], dt.date]], ...] = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
     lambda m: dt.date(int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
     lambda m: dt.date(int(m[3]), int(m[1]), int(m[2]))),
    (re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|"
                r"November|December) (\d{1,2}), (\d{4})\b"),
     lambda m: dt.date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))),
)
_FALLBACK_DATE = dt.date(2026, 1, 2)
# The standard PDF fonts cover Latin-1 only; map common typographic characters to ASCII so the
# words stay extractable, and anything else outside Latin-1 to "?".
_TYPOGRAPHY = str.maketrans({
    "\u2265": ">=", "\u2264": "<=", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2022": "-",
    "\u2192": "->", "\u2026": "...", "\u00a0": " ",
})


def pdf_safe(text: str) -> str:
    """Returns `text` with characters the standard fonts lack replaced (typography -> ASCII)."""
    text = text.translate(_TYPOGRAPHY)
    return "".join(ch if ord(ch) < 256 or ch in "\n\f" else "?" for ch in text)


def note_date(text: str) -> dt.date:
    """Returns the first calendar date in `text` (the note's date line), or a fixed fallback."""
    best: tuple[int, dt.date] | None = None
    for pattern, build in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            try:
                value = build(match)
            except ValueError:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), value)
            break
    return best[1] if best else _FALLBACK_DATE


# --------------------------------------------------------------------------- page numbering


def _numbered_canvas(draw: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """Returns a Canvas class that defers page decoration until the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._saved: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                draw(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


# --------------------------------------------------------------------------- flowing layouts


def _body_flowables(text: str, base: ParagraphStyle, table: ParagraphStyle) -> list[object]:
    """One Paragraph per source line (long lines wrap), blank lines as small spacers."""
    flow: list[object] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flow.append(Spacer(1, base.leading * 0.5))
            continue
        if line.lstrip().startswith("|") or set(line.strip()) <= set("=-_"):
            flow.append(Paragraph(escape(line.strip()), table))
            continue
        indent = len(line) - len(line.lstrip(" "))
        style = base
        if indent:
            style = ParagraphStyle(f"{base.name}-i{indent}", parent=base,
                                   leftIndent=min(indent, 12) * 3.5)
        flow.append(Paragraph(escape(line.strip()), style))
    return flow


def _render_header_footer(text: str, out: Path) -> None:
    date = note_date(text)
    width, height = LETTER

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.drawString(0.75 * inch, height - 0.5 * inch, CLINIC)
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(width - 0.75 * inch, height - 0.5 * inch,
                               f"Patient: {PATIENT}   MRN: {MRN}   DOB: {DOB}")
        canvas.drawString(0.75 * inch, height - 0.65 * inch,
                          f"Encounter date: {date:%m/%d/%Y}")
        canvas.setLineWidth(0.5)
        canvas.line(0.75 * inch, height - 0.72 * inch, width - 0.75 * inch, height - 0.72 * inch)
        canvas.line(0.75 * inch, 0.7 * inch, width - 0.75 * inch, 0.7 * inch)
        canvas.drawString(0.75 * inch, 0.5 * inch, "CONFIDENTIAL - synthetic test record")
        canvas.drawRightString(width - 0.75 * inch, 0.5 * inch, f"Page {page} of {total}")
        canvas.restoreState()

    base = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
    table = ParagraphStyle("table", fontName="Courier", fontSize=7.5, leading=9.5)
    doc = SimpleDocTemplate(str(out), pagesize=LETTER, leftMargin=0.75 * inch,
                            rightMargin=0.75 * inch, topMargin=0.95 * inch,
                            bottomMargin=0.9 * inch, title="Clinical note (synthetic)",
                            author=CLINIC, invariant=1)
    doc.build(_body_flowables(text, base, table), canvasmaker=_numbered_canvas(decorate))


def _render_fax(text: str, out: Path) -> None:
    date = note_date(text)
    stamp = f"{date:%m/%d/%Y} 09:14"
    width, height = LETTER

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont("Courier", 8)
        canvas.drawString(0.4 * inch, height - 0.3 * inch,
                          f"{stamp}  FROM: {FAX_FROM} RIVERBEND SPINE   TO: {FAX_TO}")
        canvas.drawRightString(width - 0.4 * inch, height - 0.3 * inch,
                               f"P. {page:03d}/{total:03d}")
        canvas.restoreState()

    cover_title = ParagraphStyle("cover-title", fontName="Helvetica-Bold", fontSize=28,
                                 leading=34, spaceAfter=18)
    cover = ParagraphStyle("cover", fontName="Helvetica", fontSize=12, leading=18)
    small = ParagraphStyle("cover-small", fontName="Helvetica-Oblique", fontSize=9, leading=12)
    flow: list[object] = [
        Paragraph("FAX", cover_title),
        Paragraph(f"<b>To:</b> Utilization Review / Prior Authorization, fax {FAX_TO}", cover),
        Paragraph(f"<b>From:</b> {escape(CLINIC)}, fax {FAX_FROM}", cover),
        Paragraph(f"<b>Date:</b> {date:%m/%d/%Y}", cover),
        Paragraph("<b>Re:</b> Facet joint intervention - supporting documentation", cover),
        Paragraph(f"<b>Patient:</b> {PATIENT}", cover),
        Spacer(1, 18),
        Paragraph("Pages including cover: see page counter at top right.", cover),
        Spacer(1, 36),
        Paragraph("CONFIDENTIALITY NOTICE: This facsimile contains protected health information. "
                  "If you received it in error, notify the sender and destroy all copies. "
                  "(Synthetic test document.)", small),
        PageBreak(),
    ]
    base = ParagraphStyle("fax-body", fontName="Times-Roman", fontSize=11, leading=13.5)
    table = ParagraphStyle("fax-table", fontName="Courier", fontSize=8, leading=10)
    flow.extend(_body_flowables(text, base, table))
    doc = SimpleDocTemplate(str(out), pagesize=LETTER, leftMargin=0.9 * inch,
                            rightMargin=0.9 * inch, topMargin=0.7 * inch, bottomMargin=0.7 * inch,
                            title="Fax (synthetic)", author=CLINIC, invariant=1)
    doc.build(flow, canvasmaker=_numbered_canvas(decorate))


# --------------------------------------------------------------------------- monospace EHR print

EHR_COLUMNS = 80


def hard_wrap(text: str, width: int = EHR_COLUMNS) -> list[str]:
    """Hard-wraps every line at `width` columns, keeping its indentation on continuation lines."""
    lines: list[str] = []
    for raw in text.expandtabs(4).splitlines():
        line = raw.rstrip()
        if len(line) <= width:
            lines.append(line)
            continue
        indent = " " * min(len(line) - len(line.lstrip(" ")), 20)
        lines.extend(textwrap.wrap(line.strip(), width=width, initial_indent=indent,
                                   subsequent_indent=indent + "  ", break_long_words=True,
                                   break_on_hyphens=False))
    return lines


def _key_value_block(date: dt.date, width: int = EHR_COLUMNS) -> list[str]:
    pairs = [
        ("Patient", PATIENT), ("MRN", MRN),
        ("DOB", DOB), ("Sex", "U"),
        ("Encounter", f"{date:%m/%d/%Y}"), ("Location", "Pain Clinic 2B"),
        ("Provider", "Attending, Pain Medicine"), ("Payer", "Medicare Part B"),
    ]
    half = width // 2
    rows = []
    for i in range(0, len(pairs), 2):
        left = f"{pairs[i][0] + ':':<11}{pairs[i][1]}"
        right = f"{pairs[i + 1][0] + ':':<11}{pairs[i + 1][1]}"
        rows.append(f"{left:<{half}}{right}"[:width])
    return ["=" * width, *rows, "=" * width, ""]


def _render_ehr_mono(text: str, out: Path) -> None:
    date = note_date(text)
    font, size, leading = "Courier", 9, 10.8
    width, height = LETTER
    left = (width - stringWidth("M" * EHR_COLUMNS, font, size)) / 2
    top, bottom = height - 0.6 * inch, 0.75 * inch
    per_page = int((top - bottom) // leading)
    lines = _key_value_block(date) + hard_wrap(text)
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    canvas = Canvas(str(out), pagesize=LETTER, invariant=1)
    canvas.setTitle("EHR print (synthetic)")
    canvas.setAuthor(CLINIC)
    for number, chunk in enumerate(pages, start=1):
        canvas.setFont(font, size)
        y = top
        for line in chunk:
            canvas.drawString(left, y, line)
            y -= leading
        canvas.setFont(font, 8)
        canvas.drawString(left, 0.45 * inch,
                          f"Printed {date:%m/%d/%Y} 16:02 by SYSTEM   {PATIENT}   MRN {MRN}")
        canvas.drawRightString(width - left, 0.45 * inch, f"Page {number} of {len(pages)}")
        canvas.showPage()
    canvas.save()


_RENDERERS: dict[str, Callable[[str, Path], None]] = {
    "header_footer": _render_header_footer,
    "fax": _render_fax,
    "ehr_mono": _render_ehr_mono,
}


def render_pdf(text: str, out: Path, layout: str) -> Path:
    """Renders `text` to the PDF `out` in `layout` (one of LAYOUTS) and returns `out`."""
    if layout not in _RENDERERS:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _RENDERERS[layout](pdf_safe(text), out)
    return out


# --------------------------------------------------------------------------- corpora


def _charts(src_dir: Path) -> Iterable[tuple[Path | None, list[Path]]]:
    """Yields (gold file or None, chart text files) for every chart in a corpus directory."""
    for txt in sorted(src_dir.glob("*.txt")):
        gold = txt.with_name(f"{txt.stem}.gold.json")
        yield (gold if gold.exists() else None), [txt]
    for sub in sorted(p for p in src_dir.iterdir() if p.is_dir()):
        texts = sorted(sub.glob("*.txt"))
        if texts:
            gold = sub / "gold.json"
            yield (gold if gold.exists() else None), texts


def render_corpus(src_dir: Path, out_dir: Path, layout: str) -> list[Path]:
    """Renders every chart of a corpus (gold format of corpora/README.md) as PDFs.

    The output mirrors the corpus: `<chart>.txt` becomes `<chart>.pdf`, a chart directory
    becomes a directory of PDFs, and each gold file is copied beside its PDFs with `files`
    renamed to the .pdf names (statuses and evidence unchanged). Returns the PDFs written.
    """
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    written: list[Path] = []
    for gold, texts in _charts(src_dir):
        for txt in texts:
            target = out_dir / txt.relative_to(src_dir).with_suffix(".pdf")
            written.append(render_pdf(txt.read_text(encoding="utf-8"), target, layout))
        if gold is not None:
            payload = json.loads(gold.read_text(encoding="utf-8"))
            payload["files"] = [str(Path(name).with_suffix(".pdf")) for name in payload["files"]]
            target = out_dir / gold.relative_to(src_dir)
            target.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.pdfgen", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path, help="a .txt note or a corpus directory")
    parser.add_argument("out", type=Path, help="output .pdf (for a note) or directory")
    parser.add_argument("--layout", default="header_footer", choices=[*LAYOUTS, "all"],
                        help="'all' renders each layout into OUT/<layout>/")
    args = parser.parse_args(argv)
    layouts = LAYOUTS if args.layout == "all" else (args.layout,)
    count = 0
    for layout in layouts:
        out = args.out / layout if args.layout == "all" else args.out
        if args.src.is_dir():
            count += len(render_corpus(args.src, out, layout))
        else:
            target = out / f"{args.src.stem}.pdf" if out.suffix.lower() != ".pdf" else out
            render_pdf(args.src.read_text(encoding="utf-8"), target, layout)
            count += 1
    sys.stdout.write(f"wrote {count} PDF(s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
