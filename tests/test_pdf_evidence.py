"""A multi-page PDF chart: every criterion decided, evidence on its stated page, with word boxes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from extractor.export import checklist_schema
from extractor.ingest import load_document
from extractor.service import review_chart
from extractor.vocabulary import CRITERION_IDS
from tests.pdfgen import LAYOUTS, render_pdf

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "synthetic" / "sample_lumbar_rfa"


@pytest.fixture(scope="module")
def sample_text() -> str:
    names = ["office_note.txt", "mbb_procedure_notes.txt", "mri_lumbar.txt"]
    return "\n\n".join((SAMPLE / name).read_text(encoding="utf-8") for name in names)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_evidence_lies_on_its_page_with_boxes(tmp_path, sample_text, layout):
    pdf = render_pdf(sample_text, tmp_path / f"chart_{layout}.pdf", layout)
    document = load_document(pdf)
    assert len(document.pages) > 1
    checklist = review_chart([pdf], procedure="rfa", region="lumbar_sacral")
    assert [c.id for c in checklist.criteria] == list(CRITERION_IDS)
    evidence = [e for c in checklist.criteria for e in c.evidence]
    assert evidence
    for item in evidence:
        page = document.pages[item.page - 1]
        assert page.start <= item.start < page.end or item.page == document.page_at(
            item.start).page_no
        assert document.text[item.start:item.end] == item.text
        assert item.boxes, f"no boxes for {item.text[:40]!r}"
        assert {box.page for box in item.boxes} >= {item.page}
        for box in item.boxes:
            assert 0 <= box.x0 < box.x1 <= (page.width or 1e9) + 1
    jsonschema.validate(json.loads(checklist.model_dump_json()), checklist_schema())


def test_pdf_and_text_versions_agree_on_the_sample(tmp_path, sample_text):
    text_path = tmp_path / "chart.txt"
    text_path.write_text(sample_text, encoding="utf-8")
    pdf = render_pdf(sample_text, tmp_path / "chart.pdf", "header_footer")
    from_text = review_chart([text_path], procedure="rfa", region="lumbar_sacral")
    from_pdf = review_chart([pdf], procedure="rfa", region="lumbar_sacral")
    assert [c.status for c in from_pdf.criteria] == [c.status for c in from_text.criteria]
