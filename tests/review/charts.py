"""Synthetic chart files for review tests: a multi-page PDF and a text note."""

from __future__ import annotations

import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC_NOTE = ROOT / "corpora" / "synthetic" / "syn_001.txt"

# Used when the synthetic corpus is not there; everything in it is invented.
FALLBACK_NOTE = """INTERVENTIONAL PAIN CONSULTATION
Date of Service: 03/14/2026
Chief complaint: Low back pain

HISTORY OF PRESENT ILLNESS:
The patient reports axial low back pain x 2 years. Current pain 7/10 on NRS.
The patient denies numbness, tingling or weakness in the legs.
Physical therapy x 8 weeks with no improvement. Naproxen with minimal relief.

IMAGING:
MRI lumbar spine: moderate bilateral facet arthropathy at L4-5 and L5-S1. No fracture.

PLAN:
Bilateral L4-5 and L5-S1 medial branch blocks (diagnostic), fluoroscopic guidance,
local anesthetic only.
"""

LINES_PER_PAGE = 40


def chart_text() -> str:
    """Returns the synthetic note the review tests use."""
    if SYNTHETIC_NOTE.is_file():
        return SYNTHETIC_NOTE.read_text(encoding="utf-8")
    return FALLBACK_NOTE


def write_chart_pdf(path: Path, text: str | None = None) -> Path:
    """Writes `text` (default: the synthetic note) as a PDF of at least two pages."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    lines = [wrapped for line in (text or chart_text()).splitlines()
             for wrapped in (textwrap.wrap(line, 88) or [""])]
    per_page = min(LINES_PER_PAGE, max(1, (len(lines) + 1) // 2))  # always 2+ pages
    canvas = Canvas(str(path), pagesize=LETTER, invariant=True)
    for first in range(0, len(lines), per_page):
        y = 740
        for line in lines[first : first + per_page]:
            canvas.setFont("Courier", 9.5)
            canvas.drawString(50, y, line)
            y -= 14
        canvas.showPage()
    canvas.save()
    return path
