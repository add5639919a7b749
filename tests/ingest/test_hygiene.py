"""Patient data hygiene: no chart text in logs or messages, no network, no temp files left."""

from __future__ import annotations

import logging
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor.errors import InputError
from extractor.ingest import load_document

from .pdfs import pages_pdf, stream, text_content

MARKER = "Quetzalcoatl-7731"
GUARD = """
import os, socket
_log = os.environ["FACET_TEST_GUARD_LOG"]
open(_log, "a").write("loaded\\n")
_connect = socket.socket.connect
def _guarded(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            open(_log, "a").write("connect " + repr(host) + "\\n")
            raise OSError("network disabled in tests")
    return _connect(self, address)
socket.socket.connect = _guarded
"""


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return not isinstance(host, str) or host.startswith("127.") or host in ("::1", "localhost")


@pytest.fixture()
def marker_files(tmp_path: Path) -> list[Path]:
    text = tmp_path / "chart.txt"
    text.write_text(f"Patient {MARKER} reports axial pain for 8 months.\n", encoding="utf-8")
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(pages_pdf([stream(text_content([f"Patient {MARKER} has facet pain."]))]))
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text(f"{MARKER} is not a PDF", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(MARKER.encode() + bytes(100))
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf.read_bytes()[:300])
    return [text, pdf, fake_pdf, binary, cut]


@pytest.fixture()
def guarded_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Blocks non-loopback connections here and in every Python process ingest starts."""
    calls: list[Any] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            calls.append(address)
            raise OSError("network disabled in tests")
        real_connect(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        calls.append(address)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "guard.log"
    monkeypatch.setenv("PYTHONPATH", str(guard_dir))
    monkeypatch.setenv("FACET_TEST_GUARD_LOG", str(log))
    yield log
    assert calls == []


def _load_all(paths: list[Path]) -> list[str]:
    messages = []
    for path in paths:
        try:
            load_document(path)
        except InputError as err:
            messages.append(str(err))
    return messages


def test_chart_text_never_reaches_logs_or_messages(
    marker_files: list[Path], caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    messages = _load_all(marker_files)
    assert len(messages) == 3
    out, err = capfd.readouterr()
    for record in caplog.records:
        assert MARKER not in record.getMessage()
    assert MARKER not in caplog.text
    assert MARKER not in out + err
    assert all(MARKER not in message for message in messages)


def test_input_error_chain_hides_chart_text(marker_files: list[Path]) -> None:
    for path in marker_files[2:]:
        with pytest.raises(InputError) as caught:
            load_document(path)
        assert caught.value.__cause__ is None or MARKER not in str(caught.value.__cause__)
        assert caught.value.__suppress_context__ or caught.value.__context__ is None


def test_no_network_during_ingest(
    guarded_network: Path, marker_files: list[Path], data: Path
) -> None:
    _load_all([*marker_files, data / "letter.pdf", data / "mixed.pdf"])
    lines = guarded_network.read_text(encoding="utf-8").splitlines()
    assert "loaded" in lines, "the guard ran inside the reader process"
    assert not [line for line in lines if line.startswith("connect")]


def test_no_temp_files_left_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, marker_files: list[Path], data: Path
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)
    before = set(Path.cwd().iterdir())
    _load_all([*marker_files, data / "letter.pdf", data / "mixed.pdf", data / "encrypted.pdf"])
    assert list(scratch.iterdir()) == []
    assert set(Path.cwd().iterdir()) == before
