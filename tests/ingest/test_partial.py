"""Damaged pages cost a page, not the chart; the reader process is supervised."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.ingest import IngestLimits, load_document, supervise

from .pdfs import assert_invariants, three_pages_one_bomb


def test_page_that_breaks_the_reader_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(three_pages_one_bomb())
    doc = load_document(path, limits=IngestLimits(max_memory_mb=300))
    assert_invariants(doc)
    assert "Page one" in doc.text and "Page three" in doc.text
    assert [p.page_no for p in doc.pages] == [1, 2, 3]
    assert doc.pages[1].words == []
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("page 2 could not be read: ")


@pytest.fixture()
def scripted_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    script = str(Path(__file__).with_name("fake_worker.py"))
    monkeypatch.setattr(supervise, "WORKER_ARGS", (script,))


@pytest.mark.usefixtures("scripted_reader")
def test_stalled_and_crashed_pages_are_skipped(data: Path) -> None:
    limits = IngestLimits(page_timeout_s=1, open_timeout_s=10)
    messages: list[str] = []
    started = time.monotonic()
    doc = load_document(data / "letter.pdf", progress=messages.append, limits=limits)
    assert time.monotonic() - started < 10
    assert [p.page_no for p in doc.pages] == [1, 2, 3, 4, 5]
    assert [w.text for p in doc.pages for w in p.words] == ["word1", "word3", "word5"]
    assert doc.warnings[0].startswith("page 2 could not be read: it took too long")
    assert doc.warnings[1].startswith("page 4 could not be read: the reader failed")
    assert "Reading page 5 of 5" in messages
    assert_invariants(doc)


@pytest.mark.usefixtures("scripted_reader")
def test_too_many_damaged_pages_stop_the_reading(data: Path) -> None:
    limits = IngestLimits(page_timeout_s=1, max_restarts=0)
    doc = load_document(data / "letter.pdf", limits=limits)
    assert [w.text for p in doc.pages for w in p.words] == ["word1"]
    assert "pages 3-5 could not be read: too many damaged pages" in doc.warnings


@pytest.mark.usefixtures("scripted_reader")
def test_total_time_budget(data: Path) -> None:
    limits = IngestLimits(page_timeout_s=30, total_timeout_s=1.5)
    started = time.monotonic()
    doc = load_document(data / "letter.pdf", limits=limits)
    assert time.monotonic() - started < 5
    assert any("took longer than 1.5 s" in w for w in doc.warnings)


def test_progress_callback_errors_propagate_and_stop_the_reader(data: Path) -> None:
    class Stop(Exception):
        pass

    def progress(message: str) -> None:
        raise Stop(message)

    with pytest.raises(Stop):
        load_document(data / "letter.pdf", progress=progress)


def test_progress_reports_each_page(data: Path) -> None:
    messages: list[str] = []
    load_document(data / "letter.pdf", progress=messages.append)
    assert messages == [f"Reading page {n} of 3" for n in (1, 2, 3)]


def test_fatal_open_error_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(200))
    with pytest.raises(InputError):
        load_document(path)


def test_concurrent_loads_are_independent(data: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    names = ["letter.pdf", "keyvalue.pdf", "monospace.pdf", "letter.pdf"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        docs = list(pool.map(lambda n: load_document(data / n), names))
    assert [len(d.pages) for d in docs] == [3, 1, 1, 3]
    assert docs[0].text == docs[3].text


@pytest.mark.usefixtures("scripted_reader")
def test_pages_still_in_ocr_when_the_reader_dies_are_reported(
    monkeypatch: pytest.MonkeyPatch, data: Path
) -> None:
    monkeypatch.setenv("FAKE_READER", "ocr")
    messages: list[str] = []
    doc = load_document(data / "letter.pdf", progress=messages.append)
    assert [w.text for p in doc.pages for w in p.words] == ["word1", "word3"]
    assert doc.warnings == [
        "page 2 could not be read: the reader failed on it (damaged, or too large to read safely?)"
    ]
    assert "OCR page 2 of 3 (scanned page)" in messages
