"""Bad files give one clear line naming the file, in seconds, never a traceback or a hang."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.ingest import IngestLimits, load_document

from .pdfs import giant_image, nested_bomb, page_tree_bomb

MARKER = "Zebrafinch"  # a word of chart text that must never show up in a message


def expect_error(
    path: Path, *, password: str | None = None, code: str | None = None, **kw: object
) -> str:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        load_document(path, password=password, **kw)  # type: ignore[arg-type]
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert elapsed < 15, f"took {elapsed:.1f} s"
    assert "\n" not in message
    assert message.startswith(f"{path.name}: ")
    assert MARKER.lower() not in message.lower()
    assert caught.value.path == path
    if code is not None:
        assert caught.value.code == code
    return message


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_file(tmp_path: Path) -> None:
    assert "not found" in expect_error(tmp_path / "nope.pdf", code="not_found")


def test_directory(tmp_path: Path) -> None:
    assert "not found" in expect_error(tmp_path)


@pytest.mark.parametrize("name", ["empty.pdf", "empty.txt"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    assert "empty" in expect_error(write(tmp_path, name, b""), code="empty")


def test_whitespace_only_text(tmp_path: Path) -> None:
    assert "empty" in expect_error(write(tmp_path, "blank.txt", b"  \n\n\t \r\n"))


def test_text_renamed_pdf(tmp_path: Path) -> None:
    message = expect_error(write(tmp_path, "note.pdf", f"{MARKER} has back pain".encode()))
    assert "not a PDF" in message


def test_png_renamed_pdf(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    assert "PNG image" in expect_error(write(tmp_path, "scan.pdf", png), code="not_pdf")


def test_png_named_txt(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    assert "PNG image" in expect_error(write(tmp_path, "scan.txt", png))


def test_docx_named_txt(tmp_path: Path) -> None:
    assert "ZIP" in expect_error(write(tmp_path, "chart.txt", b"PK\x03\x04" + bytes(40)))


def test_truncated_pdf(tmp_path: Path, data: Path) -> None:
    whole = (data / "letter.pdf").read_bytes()
    message = expect_error(write(tmp_path, "cut.pdf", whole[: len(whole) // 2]), code="truncated")
    assert "cut off" in message


def test_pdf_header_only(tmp_path: Path) -> None:
    assert "damaged" in expect_error(write(tmp_path, "stub.pdf", b"%PDF-1.7\n%%EOF\n"))


def _corrupt_middle(data: bytes, junk: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + junk + data[middle + len(junk) :]


@pytest.mark.parametrize("junk", [b"\x00" * 400, b"garbage) >> endobj ] [[" * 20])
def test_pdf_corrupted_in_the_middle(tmp_path: Path, data: Path, junk: bytes) -> None:
    path = write(tmp_path, "mid.pdf", _corrupt_middle((data / "letter.pdf").read_bytes(), junk))
    started = time.monotonic()
    try:
        doc = load_document(path)
    except InputError as err:
        assert str(err).startswith("mid.pdf: ") and "\n" not in str(err)
    else:
        assert len(doc.pages) == 3
        assert doc.text.strip()
    assert time.monotonic() - started < 15


def test_encrypted_pdf_without_password(data: Path) -> None:
    message = expect_error(data / "encrypted.pdf", code="encrypted")
    assert "encrypted" in message and "password" in message


def test_encrypted_pdf_with_wrong_password(data: Path) -> None:
    message = expect_error(data / "encrypted.pdf", password="guess", code="wrong_password")
    assert "password given is wrong" in message


def test_encrypted_pdf_with_password(data: Path) -> None:
    doc = load_document(data / "encrypted.pdf", password="secret")
    assert "medial branch blocks" in doc.text


def test_encrypted_pdf_password_positionally(data: Path) -> None:
    assert load_document(data / "encrypted.pdf", "secret").pages


def test_pdf_without_text_or_images(data: Path) -> None:
    message = expect_error(data / "blank.pdf", code="no_text")
    assert "no text and no images" in message


def test_binary_txt(tmp_path: Path) -> None:
    blob = bytes(range(256)) * 8
    assert "not readable text" in expect_error(write(tmp_path, "blob.txt", blob), code="not_text")


def test_control_characters_txt(tmp_path: Path) -> None:
    blob = bytes(b % 31 + 1 for b in range(2000))
    assert "not readable text" in expect_error(write(tmp_path, "ctl.txt", blob))


@pytest.mark.parametrize(
    ("encoded", "note"),
    [
        ("Douleur lombaire chronique, caf\u00e9.\n".encode(), None),
        ("\ufeffPain 7/10, caf\u00e9.\n".encode(), None),
        ("Pain 7/10, caf\u00e9 \u2013 ok.\n".encode("utf-16"), "UTF-16"),
        ("Pain 7/10, caf\u00e9.\n".encode("utf-16-le"), "UTF-16"),
        ("Pain 7/10, caf\u00e9 \u2013 ok.\n".encode("cp1252"), "Windows-1252"),
        (b"Pain 7/10, caf\xe9 \x81 ok.\n", "Latin-1"),
    ],
)
def test_text_encodings(tmp_path: Path, encoded: bytes, note: str | None) -> None:
    doc = load_document(write(tmp_path, "enc.txt", encoded))
    assert "Pain" in doc.text or "Douleur" in doc.text
    assert "caf\u00e9" in doc.text
    assert not doc.text.startswith("\ufeff")
    if note:
        assert any(note in w for w in doc.warnings)
    else:
        assert doc.warnings == []


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"pain " * 300_000)
    message = expect_error(path, limits=IngestLimits(max_text_mb=1), code="too_large")
    assert "limit is 1 MB" in message and "FACET_MAX_TEXT_MB" in message


def test_pdf_size_limit(data: Path) -> None:
    message = expect_error(data / "scanned.pdf", limits=IngestLimits(max_mb=0.01))
    assert "limit is 0.01 MB" in message and "FACET_MAX_MB" in message


def test_page_limit(data: Path) -> None:
    message = expect_error(
        data / "letter.pdf", limits=IngestLimits(max_pages=2), code="too_many_pages"
    )
    assert "3 pages" in message and "limit is 2" in message


def test_limits_from_environment(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    monkeypatch.setenv("FACET_MAX_PAGES", "2")
    monkeypatch.setenv("FACET_MAX_MB", "0.5")
    limits = IngestLimits.from_env()
    assert (limits.max_pages, limits.max_bytes) == (2, 512 * 1024)
    assert "limit is 2" in expect_error(data / "letter.pdf")


def test_bad_environment_value_keeps_the_default(caplog: pytest.LogCaptureFixture) -> None:
    limits = IngestLimits.from_env({"FACET_MAX_PAGES": "lots", "FACET_MAX_MB": "7"})
    assert (limits.max_pages, limits.max_mb) == (500, 7)
    assert "max_pages" in caplog.text


BOMBS: dict[str, Callable[[], bytes]] = {
    "tree.pdf": page_tree_bomb,
    "nested.pdf": nested_bomb,
    "giant.pdf": giant_image,
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_pdf_bombs_are_bounded(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, BOMBS[name]())
    limits = IngestLimits(max_memory_mb=512, open_timeout_s=10, page_timeout_s=10)
    started = time.monotonic()
    try:
        doc = load_document(path, limits=limits)
    except InputError as err:
        assert str(err).startswith(f"{name}: ") and "\n" not in str(err)
    else:
        assert len(doc.pages) <= limits.max_pages
    assert time.monotonic() - started < 30


def test_open_timeout_gives_a_clear_error(data: Path) -> None:
    limits = IngestLimits(open_timeout_s=0.001)
    message = expect_error(data / "letter.pdf", limits=limits, code="timeout")
    assert "could not be opened within" in message


def test_unexpected_failure_is_an_input_error(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    import extractor.ingest.pdf as pdf_module

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError(MARKER)

    monkeypatch.setattr(pdf_module, "read_pdf_pages", broken)
    message = expect_error(data / "letter.pdf", code="internal")
    assert "internal error KeyError" in message


def test_owner_password_only_pdf_opens_without_a_password(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "restricted.pdf"
    canvas = Canvas(str(path), encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    canvas.drawString(72, 720, "Restricted but readable facet note.")
    canvas.showPage()
    canvas.save()
    assert "readable facet note" in load_document(path).text


def test_input_error_is_always_one_line() -> None:
    err = InputError("/some/dir/chart.pdf", "two\nlines  and\ttabs", "damaged")
    assert str(err) == "chart.pdf: two lines and tabs"
    assert err.code == "damaged"


def test_input_error_pickles() -> None:
    import pickle

    err = pickle.loads(pickle.dumps(InputError("/x/chart.pdf", "the PDF is damaged", "damaged")))
    assert (str(err), err.code, err.path.name) == (
        "chart.pdf: the PDF is damaged",
        "damaged",
        "chart.pdf",
    )
