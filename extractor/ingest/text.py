"""Plain-text charts -> `Document` (one page; offsets index the file's decoded text)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from extractor.errors import InputError
from extractor.ingest.hashing import describe_source
from extractor.ingest.normalize import normalize_text
from extractor.ingest.sniff import describe_binary, is_pdf
from extractor.ingest.words import split_words
from extractor.models import Document, Page

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls but \t \n \v \f \r
_MAX_CONTROL_RATIO = 0.01
_NOT_TEXT = "is not readable text ({what}); export the chart as PDF or UTF-8 text"


class _NotText(ValueError):
    """The bytes are not text in any encoding we accept."""


def _control_ratio(text: str) -> float:
    controls = len(_CONTROLS.findall(text))
    return controls / max(1, len(text))


def _utf16_without_bom(data: bytes) -> str | None:
    """Returns the text of BOM-less UTF-16 (NULs in every other byte), else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for codec, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros > 0.6 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Returns the decoded text and a note naming a non-UTF-8 encoding used (or None).

    Tries a byte-order mark, UTF-8, BOM-less UTF-16, then Windows-1252 and Latin-1; refuses
    binary data (NUL bytes or many control characters).

    Raises:
        _NotText: the data is binary.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise _NotText("broken Unicode after a byte-order mark") from err
            return _checked(text), None if codec == "utf-8-sig" else "UTF-16/32"
    if b"\x00" in data:
        text16 = _utf16_without_bom(data)
        if text16 is None:
            raise _NotText("binary data")
        return _checked(text16), "UTF-16"
    try:
        return _checked(data.decode("utf-8")), None
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("cp1252")), "Windows-1252"
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1")), "Latin-1"


def _checked(text: str) -> str:
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise _NotText("binary data")
    return text


def _refuse_non_text(path: Path, data: bytes) -> None:
    if not data.strip():
        raise InputError(path, "the file is empty: nothing to check; export it again", "empty")
    if is_pdf(data[:1024]):
        raise InputError(path, "is a PDF named as text; rename it to .pdf", "not_text")
    what = describe_binary(data[:16])
    if what:
        raise InputError(path, _NOT_TEXT.format(what=f"it is {what}"), "not_text")


def load_text(path: Path, data: bytes | None = None) -> Document:
    """Returns the document for a text file; raises `InputError` when it is not usable text."""
    data = path.read_bytes() if data is None else data
    _refuse_non_text(path, data)
    try:
        text, encoding = decode_text(data)
    except _NotText as err:
        raise InputError(path, _NOT_TEXT.format(what=str(err)), "not_text") from None
    if not text.strip():
        raise InputError(path, "the file has no text: nothing to check; export it again", "empty")
    warnings = []
    if encoding:
        warnings.append(f"the file is not UTF-8; it was read as {encoding}: check accented letters")
    page = Page(page_no=1, start=0, end=len(text), words=split_words(text, 0))
    return Document(
        source=describe_source(path, data, "text/plain"),
        text=text,
        nlp_text=normalize_text(text),
        pages=[page],
        warnings=warnings,
    )
