"""Hand-built PDFs for ingest tests: minimal valid files, damaged pages and PDF bombs."""

from __future__ import annotations

import zlib
from pathlib import Path

from extractor.models import Document

DATA = Path(__file__).resolve().parent.parent / "data"

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def build_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """Returns a PDF whose objects 1..n are `objects`, with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    """Returns a stream object body."""
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_content(lines: list[str]) -> bytes:
    """Returns a content stream drawing `lines` in Helvetica 12 down the page."""
    ops = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def pages_pdf(contents: list[bytes], extra_objects: list[bytes] | None = None) -> bytes:
    """Returns a PDF with one page per content stream (objects: catalog, tree, font, pages...)."""
    count = len(contents)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        FONT,
    ]
    for index, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * index)
        )
        objects.append(content)
    return build_pdf(objects + (extra_objects or []))


def three_pages_one_bomb(spaces: int = 150_000_000) -> bytes:
    """Pages 1 and 3 have text; page 2's content inflates to `spaces` spaces (a slow page)."""
    bomb = zlib.compressobj(9)
    chunk = b" " * 10_000_000
    packed = b"".join(bomb.compress(chunk) for _ in range(spaces // len(chunk))) + bomb.flush()
    contents = [
        stream(text_content(["Page one says the pain is axial."])),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        stream(text_content(["Page three says relief was 80 percent."])),
    ]
    return pages_pdf(contents)


def page_tree_bomb(fanout: int = 10, depth: int = 7) -> bytes:
    """A page tree whose nodes share kids: fanout**depth pages from a few objects."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        kids = " ".join([f"{number + 1} 0 R"] * fanout).encode()
        count = fanout ** (depth - level)
        objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count)
    leaf = 2 + depth
    objects[-1] = objects[-1].replace(f"{leaf} 0 R".encode(), f"{leaf} 0 R".encode())
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>"
        % (leaf - 1, leaf + 1)
    )
    objects.append(stream(b"BT ET"))
    return build_pdf(objects)


def nested_bomb(depth: int = 200_000) -> bytes:
    """A page whose resources hold arrays nested `depth` deep."""
    nested = b"[" * depth + b"]" * depth
    contents = [stream(text_content(["Nested objects ahead."]))]
    pdf = pages_pdf(contents)
    return pdf.replace(b"/Resources << /Font", b"/Resources << /Deep " + nested + b" /Font")


def giant_image(side: int = 20_000) -> bytes:
    """One page covered by a `side` x `side` greyscale image that inflates from a few KB."""
    packer = zlib.compressobj(9)
    row = bytes(side) * 500
    packed = b"".join(packer.compress(row) for _ in range(side // 500)) + packer.flush()
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(packed))
        + packed
        + b"\nendstream"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"q 612 0 0 792 0 0 cm /Im1 Do Q"),
        image,
    ]
    return build_pdf(objects)


def assert_invariants(doc: Document) -> None:
    """Checks the offset contract of a document."""
    assert len(doc.nlp_text) == len(doc.text)
    assert doc.pages, "a document has pages"
    assert doc.pages[0].start == 0
    assert doc.pages[-1].end == len(doc.text)
    for before, after in zip(doc.pages, doc.pages[1:], strict=False):
        assert after.start == before.end + 1, "pages tile the text, one separator between"
        assert doc.text[before.end] == "\f"
    for number, page in enumerate(doc.pages, 1):
        assert page.page_no == number
        assert page.start <= page.end
        previous = page.start
        for word in page.words:
            assert doc.text[word.start : word.end] == word.text
            assert word.text and not any(ch.isspace() for ch in word.text)
            assert page.start <= word.start < word.end <= page.end
            assert word.start >= previous, "words in text order"
            previous = word.end
            if word.box is not None:
                box = word.box
                assert box.page == page.page_no
                assert page.width is not None and page.height is not None
                assert 0 <= box.x0 <= box.x1 <= page.width + 0.01
                assert 0 <= box.top <= box.bottom <= page.height + 0.01


def three_pages_one_damaged() -> bytes:
    """Pages 1 and 3 have text; page 2 draws a form XObject that draws itself, forever."""
    contents = [
        stream(text_content(["Page one says the pain is axial."])),
        stream(b"/Fm1 Do"),
        stream(text_content(["Page three says relief was 80 percent."])),
    ]
    form = 10  # object number after the 3 pages' objects (3 + 2 * 3 = 9)
    pdf = pages_pdf(
        contents,
        [
            stream(
                b"/Fm1 Do",
                b" /Type /XObject /Subtype /Form /BBox [0 0 612 792]"
                b" /Resources << /XObject << /Fm1 %d 0 R >> >>" % form,
            )
        ],
    )
    page_two = b"/Resources << /Font << /F1 3 0 R >> >> /Contents 7 0 R"
    return pdf.replace(
        page_two,
        b"/Resources << /XObject << /Fm1 %d 0 R >> >> /Contents 7 0 R" % form,
    )
