"""tests/pdfgen.py renders synthetic notes as multi-page PDFs whose words pdfplumber can read."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "synthetic" / "sample_lumbar_rfa"


def _load_pdfgen() -> ModuleType:
    """Imports tests/pdfgen.py by path: a site-packages `tests` package can shadow ours."""
    try:
        from tests import pdfgen  # type: ignore[attr-defined]

        return pdfgen
    except ImportError:
        spec = importlib.util.spec_from_file_location("facet_review_pdfgen",
                                                      Path(__file__).with_name("pdfgen.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module


pdfgen = _load_pdfgen()

LONG_NOTE = "\n\n".join(
    (DEMO / name).read_text(encoding="utf-8")
    for name in ("office_note.txt", "mbb_procedure_notes.txt", "mri_lumbar.txt")
)
SHORT_NOTE = "Date of Service: 02/03/2026\nAxial low back pain 7/10 x 2 years. ODI 40%.\n"
KEY_SENTENCES = (
    "Average pain is 7/10 on the numeric rating scale (NRS), 8/10 at worst and 5/10 at best.",
    "Negative straight leg raise bilaterally.",
    "Pain diary: 86% relief of the usual low back pain for about 6 hours, then return to baseline.",
    "Moderate bilateral facet arthropathy at L4-5 and L5-S1 with small effusions.",
    "Bilateral L4-5 and L5-S1 radiofrequency ablation (CPT 64635-50, 64636-50), thermal "
    "lesioning at 80-90 C, under fluoroscopic guidance.",
)


def _pages_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _contains_in_order(haystack: list[str], needle: list[str]) -> bool:
    """True when the words of `needle` occur contiguously in `haystack`, allowing running
    header/footer words in between (a sentence may straddle a page break)."""
    for start in (i for i, word in enumerate(haystack) if word == needle[0]):
        pos, ok = start, True
        for word in needle[1:]:
            window = haystack[pos + 1: pos + 40]
            if word not in window:
                ok = False
                break
            pos = pos + 1 + window.index(word)
        if ok:
            return True
    return False


@pytest.mark.parametrize("layout", ["header_footer", "fax", "ehr_mono"])
def test_long_note_is_multipage_and_readable(tmp_path: Path, layout: str) -> None:
    out = pdfgen.render_pdf(LONG_NOTE, tmp_path / f"note_{layout}.pdf", layout)
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    pages = _pages_text(out)
    assert len(pages) > 1
    words = " ".join(pages).split()
    for sentence in KEY_SENTENCES:
        assert _contains_in_order(words, sentence.split()), sentence


def test_header_footer_on_every_page(tmp_path: Path) -> None:
    pages = _pages_text(pdfgen.render_pdf(LONG_NOTE, tmp_path / "hf.pdf", "header_footer"))
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Patient: SYNTHETIC, PATIENT" in text
        assert "Encounter date: 03/18/2026" in text


def test_fax_has_cover_page_and_fax_line(tmp_path: Path) -> None:
    pages = _pages_text(pdfgen.render_pdf(LONG_NOTE, tmp_path / "fax.pdf", "fax"))
    assert "FAX" in pages[0] and "CONFIDENTIALITY NOTICE" in pages[0]
    assert "Date of Service" not in pages[0]
    assert "Date of Service: 03/18/2026" in pages[1]
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"P. {number:03d}/{total:03d}" in text
        assert "03/18/2026 09:14" in text


def test_ehr_mono_is_hard_wrapped_with_key_value_block(tmp_path: Path) -> None:
    out = pdfgen.render_pdf(LONG_NOTE, tmp_path / "ehr.pdf", "ehr_mono")
    with pdfplumber.open(out) as pdf:
        fonts = {char["fontname"] for page in pdf.pages for char in page.chars}
        first = pdf.pages[0].extract_text(layout=False)
    assert fonts == {"Courier"}
    assert re.search(r"Patient:\s+SYNTHETIC, PATIENT\s+MRN:\s+000000", first)
    assert re.search(r"Encounter:\s+03/18/2026\s+Location:", first)
    lines = pdfgen.hard_wrap(LONG_NOTE)
    assert max(len(line) for line in lines) <= pdfgen.EHR_COLUMNS
    assert len(lines) > len(LONG_NOTE.splitlines())  # long lines were wrapped


def test_short_note_fits_one_page(tmp_path: Path) -> None:
    pages = _pages_text(pdfgen.render_pdf(SHORT_NOTE, tmp_path / "s.pdf", "header_footer"))
    assert len(pages) == 1
    assert "Axial low back pain 7/10 x 2 years." in pages[0]


def test_special_characters_survive(tmp_path: Path) -> None:
    text = "DOS: 2026-02-01\nPain <4/10> & ODI 42% | NRS 7/10 -> 2/10 (s/p RFA)\n"
    pages = _pages_text(pdfgen.render_pdf(text, tmp_path / "c.pdf", "header_footer"))
    assert "Pain <4/10> & ODI 42% | NRS 7/10 -> 2/10 (s/p RFA)" in pages[0]


def test_unknown_layout_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown layout"):
        pdfgen.render_pdf(SHORT_NOTE, tmp_path / "x.pdf", "typewriter")


def test_note_date_reads_the_date_line() -> None:
    assert str(pdfgen.note_date("Visit date: January 5, 2026\nseen 02/03/2026")) == "2026-01-05"
    assert str(pdfgen.note_date("DOS: 2026-02-01")) == "2026-02-01"
    assert str(pdfgen.note_date("no date here")) == "2026-01-02"


def test_render_corpus_mirrors_charts_and_gold(tmp_path: Path) -> None:
    src = ROOT / "corpora" / "synthetic"
    mini = tmp_path / "src"
    mini.mkdir()
    (mini / "syn_001.txt").write_text((src / "syn_001.txt").read_text(encoding="utf-8"))
    (mini / "syn_001.gold.json").write_text((src / "syn_001.gold.json").read_text())
    (mini / "sample_lumbar_rfa").mkdir()
    for path in DEMO.iterdir():
        (mini / "sample_lumbar_rfa" / path.name).write_text(path.read_text(encoding="utf-8"))

    written = pdfgen.render_corpus(mini, tmp_path / "out", "ehr_mono")
    assert len(written) == 4
    gold = json.loads((tmp_path / "out" / "sample_lumbar_rfa" / "gold.json").read_text())
    assert gold["files"] == ["office_note.pdf", "mbb_procedure_notes.pdf", "mri_lumbar.pdf"]
    for name in gold["files"]:
        assert (tmp_path / "out" / "sample_lumbar_rfa" / name).exists()
    single = json.loads((tmp_path / "out" / "syn_001.gold.json").read_text())
    assert single["files"] == ["syn_001.pdf"]
    assert (tmp_path / "out" / "syn_001.pdf").exists()


def test_cli_renders_a_note(tmp_path: Path) -> None:
    assert pdfgen.main([str(DEMO / "mri_lumbar.txt"), str(tmp_path), "--layout", "fax"]) == 0
    assert len(_pages_text(tmp_path / "mri_lumbar.pdf")) == 2  # cover + note


def test_typography_is_mapped_to_extractable_ascii(tmp_path: Path) -> None:
    text = ("DOS: 2026-02-01\n"
            "Relief \u2265 80% \u2013 \u201cgood\u201d \u2022 pain 7/10 \u2192 1/10 \u4e2d\n")
    pages = _pages_text(pdfgen.render_pdf(text, tmp_path / "u.pdf", "ehr_mono"))
    assert 'Relief >= 80% - "good" - pain 7/10 -> 1/10 ?' in pages[0]


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["header_footer", "fax", "ehr_mono"])
def test_whole_synthetic_corpus_renders(tmp_path: Path, layout: str) -> None:
    src = ROOT / "corpora" / "synthetic"
    written = pdfgen.render_corpus(src, tmp_path, layout)
    texts = sorted(src.glob("*.txt")) + sorted(src.glob("*/*.txt"))
    assert len(written) == len(texts)
    for txt, pdf in zip(texts, sorted(written, key=lambda p: (p.parent != tmp_path, p)),
                        strict=True):
        assert pdf.stem == txt.stem
        first_words = txt.read_text(encoding="utf-8").split()[:4]
        with pdfplumber.open(pdf) as doc:
            page = doc.pages[1 if layout == "fax" else 0]  # the fax cover sheet comes first
            words = (page.extract_text() or "").split()
        assert _contains_in_order(words, first_words), pdf
