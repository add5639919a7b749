"""A scanned, image-only copy of a chart gets (nearly) the same decisions as its text version.

One chart only, to keep the suite fast: bench/scan_agreement.py measures the same thing on whole
corpora (per criterion, against the text version and against gold) and bench/README.md has the
numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.service import review_chart
from extractor.vocabulary import CRITERION_IDS
from tests.pdfgen import render_pdf
from tests.scanfake import scan_pdf

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "corpora" / "synthetic" / "sample_lumbar_rfa"


@pytest.mark.ocr
@pytest.mark.slow
def test_scanned_fax_of_a_chart_decides_like_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CHART.glob("*.txt")))
    note = tmp_path / "chart.txt"
    note.write_text(text, encoding="utf-8")
    pdf = render_pdf(text, tmp_path / "chart.pdf", "fax")
    scan = tmp_path / "scan" / "chart.pdf"
    pages = scan_pdf(pdf, scan, dpi=200)
    assert pages >= 2

    from_text = review_chart([note], "rfa", "lumbar_sacral")
    from_scan = review_chart([scan], "rfa", "lumbar_sacral")

    assert from_scan.documents[0].ocr_pages, "the scan was not read by OCR"
    text_status = {cid: from_text.criterion(cid).status for cid in CRITERION_IDS}
    scan_status = {cid: from_scan.criterion(cid).status for cid in CRITERION_IDS}
    differ = {cid: (text_status[cid], scan_status[cid])
              for cid in CRITERION_IDS if text_status[cid] != scan_status[cid]}
    # a slip or two of OCR may flip a criterion; more means OCR (or its use) is broken
    assert len(CRITERION_IDS) - len(differ) >= 11, f"text vs scan: {differ}"
