"""What a file is, from its first bytes (never from its name alone)."""

from __future__ import annotations

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (a Word or Excel file?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)

PDF_SIGNATURE = b"%PDF-"
HEAD_BYTES = 1024


def is_pdf(head: bytes) -> bool:
    """True when the PDF signature appears in the first KiB (readers accept junk before it)."""
    return PDF_SIGNATURE in head[:HEAD_BYTES]


def describe_binary(head: bytes) -> str | None:
    """Returns what a known non-text, non-PDF file is ("a PNG image"), or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None
