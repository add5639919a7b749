"""OCR of one page, offline: render with PDFium, read with Tesseract (runs in the reader process).

No temp files: the page image goes to Tesseract on stdin, the words come back as TSV on stdout.
`OMP_THREAD_LIMIT=1` keeps Tesseract from oversubscribing small machines (a dense page drops
from 15-19 s to 2-3 s on two cores).
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c

from extractor.ingest.layout import Line, RawWord
from extractor.ingest.limits import IngestLimits


class OcrError(Exception):
    """OCR could not run or failed on a page; the message is safe to show (no page text)."""


@dataclass(frozen=True)
class OcrResult:
    """Words of one OCR'd page, grouped into Tesseract's lines, and its mean word confidence."""

    lines: list[Line]
    confidence: float | None
    turn: int = 0  # clockwise degrees the page image was turned to read it upright


@dataclass(frozen=True)
class PageImage:
    """A rendered page: image bytes (PGM), pixel size and resolution used."""

    data: bytes
    width: int
    height: int
    dpi: float


# Tesseract reads small print poorly below this; a lower-resolution fax is upsampled to it.
_MIN_SCAN_DPI = 200.0


def find_tesseract(limits: IngestLimits) -> str | None:
    """Returns the Tesseract executable's path, or None when it is not installed."""
    return shutil.which(limits.tesseract)


def scan_dpi(page: Any) -> float | None:
    """Returns the resolution of the largest image on the page (a scan's own dpi), if any."""
    best: tuple[float, float] | None = None
    try:
        for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            left, bottom, right, top = item.get_bounds()
            pixels_wide, _ = item.get_px_size()
            if right - left > 1 and pixels_wide:
                area = (right - left) * (top - bottom)
                if best is None or area > best[0]:
                    best = (area, pixels_wide / ((right - left) / 72))
    except Exception:  # a damaged image object: fall back to the default resolution
        return None
    return best[1] if best else None


def render_page(page: Any, limits: IngestLimits) -> PageImage:
    """Returns the page rendered in greyscale for OCR, scaled down past `max_render_pixels`.

    A scanned page is rendered at its own resolution (at least 200 dpi, at most `ocr_dpi`):
    re-sampling a 200 dpi fax to 300 dpi made Tesseract garble whole words
    (bench/scan_agreement.py: 92.7% vs 98.8% agreement with the text version).
    """
    width, height = page.get_size()
    native = scan_dpi(page)
    dpi = float(limits.ocr_dpi)
    if native is not None:
        dpi = min(dpi, max(_MIN_SCAN_DPI, native))
    area = max(1.0, width * height)
    if area * (dpi / 72) ** 2 > limits.max_render_pixels:
        dpi = 72 * math.sqrt(limits.max_render_pixels / area)
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    buffer = io.BytesIO()
    image.save(buffer, "PPM")
    return PageImage(buffer.getvalue(), image.width, image.height, dpi)


def run_tesseract(
    image: PageImage,
    command: str,
    limits: IngestLimits,
    options: tuple[str, ...] = (),
    output: str = "tsv",
) -> str:
    """Returns Tesseract's output (TSV by default) for the image; raises `OcrError` on failure."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    args = [command, "stdin", "stdout", "--dpi", str(round(image.dpi)), "-l", limits.ocr_language]
    try:
        done = subprocess.run(
            [*args, *options, *([output] if output else [])],
            input=image.data,
            capture_output=True,
            timeout=limits.ocr_page_timeout_s,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrError(f"OCR took longer than {limits.ocr_page_timeout_s:g} s") from None
    except OSError as err:
        raise OcrError(f"OCR could not start ({type(err).__name__})") from None
    if done.returncode != 0:
        raise OcrError(f"OCR failed (Tesseract exit code {done.returncode})")
    return done.stdout.decode("utf-8", errors="replace")


PixelBox = tuple[float, float, float, float]  # left, top, right, bottom


def parse_tsv(
    tsv: str, scale_x: float, scale_y: float, mapper: Callable[[PixelBox], PixelBox] | None = None
) -> OcrResult:
    """Returns the words of Tesseract TSV; boxes mapped by `mapper`, then pixels -> points."""
    rows = [row.split("\t") for row in tsv.splitlines()]
    if not rows or rows[0][:1] != ["level"]:
        return OcrResult([], None)
    groups: dict[tuple[str, str, str], Line] = {}
    confidences: list[float] = []
    for row in rows[1:]:
        if len(row) < 12 or row[0] != "5" or not row[11].strip():
            continue
        left, top, width, height = (float(v) for v in row[6:10])
        box: PixelBox = (left, top, left + width, top + height)
        x0, y0, x1, y1 = mapper(box) if mapper else box
        word: RawWord = (row[11].strip(), x0 * scale_x, y0 * scale_y, x1 * scale_x, y1 * scale_y)
        groups.setdefault((row[2], row[3], row[4]), []).append(word)
        if float(row[10]) >= 0:
            confidences.append(float(row[10]))
    mean = sum(confidences) / len(confidences) if confidences else None
    return OcrResult(list(groups.values()), mean)


NOT_INSTALLED = "OCR is not available: install Tesseract (Debian package tesseract-ocr)"


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ORIENTATION_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")
_CHECK_ROTATION_BELOW = 70.0  # mean word confidence under which a page may be sideways
_MIN_ORIENTATION_CONFIDENCE = 2.0


def detect_rotation(image: PageImage, command: str, limits: IngestLimits) -> int:
    """Returns the clockwise turn (0, 90, 180, 270) Tesseract's OSD says the page needs."""
    try:
        osd = run_tesseract(image, command, limits, ("--psm", "0"), output="")
    except OcrError:
        return 0  # blank or textless pages have no orientation
    turn, confidence = _ROTATE.search(osd), _ORIENTATION_CONFIDENCE.search(osd)
    if not turn or not confidence or float(confidence.group(1)) < _MIN_ORIENTATION_CONFIDENCE:
        return 0
    return int(turn.group(1)) % 360


def turn_image(image: PageImage, turn: int) -> PageImage:
    """Returns the image turned clockwise by `turn` degrees (a multiple of 90)."""
    from PIL import Image

    picture = Image.open(io.BytesIO(image.data)).rotate(-turn, expand=True)
    buffer = io.BytesIO()
    picture.save(buffer, "PPM")
    return PageImage(buffer.getvalue(), picture.width, picture.height, image.dpi)


def unturn(turn: int, width: int, height: int) -> Callable[[PixelBox], PixelBox]:
    """Returns a map from a box in the image turned clockwise by `turn` back to the original."""

    def point(x: float, y: float) -> tuple[float, float]:
        if turn == 90:
            return y, height - x
        if turn == 180:
            return width - x, height - y
        if turn == 270:
            return width - y, x
        return x, y

    def box(b: PixelBox) -> PixelBox:
        (ax, ay), (bx, by) = point(b[0], b[1]), point(b[2], b[3])
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    return box


def read_image(
    image: PageImage, size: tuple[float, float], command: str, limits: IngestLimits
) -> OcrResult:
    """Returns the OCR words of a rendered page whose size in points is `size`.

    A page read with low confidence is checked for orientation (a sideways fax) and, when
    Tesseract says it is turned, read again upright; boxes stay in the page's own coordinates.
    Safe to call from several threads at once (each call runs its own Tesseract process).

    Raises:
        OcrError: Tesseract failed or took too long.
    """
    scale = (size[0] / image.width, size[1] / image.height)
    result = parse_tsv(run_tesseract(image, command, limits), *scale)
    if (result.confidence or 0.0) >= _CHECK_ROTATION_BELOW:
        return result
    turn = detect_rotation(image, command, limits)
    if not turn:
        return result
    upright = turn_image(image, turn)
    back = unturn(turn, image.width, image.height)
    turned = parse_tsv(run_tesseract(upright, command, limits), *scale, back)
    turned = OcrResult(turned.lines, turned.confidence, turn)
    return turned if (turned.confidence or 0.0) > (result.confidence or 0.0) else result


def ocr_workers(limits: IngestLimits) -> int:
    """Returns how many pages to OCR at once: `limits.ocr_workers`, or one per idle core (1-4).

    Parallel Tesseracts only pay on idle cores: on a busy machine they slow each other down
    (measured: 4 dense pages 10.8 s with two at once vs 20.5 s one at a time on two idle cores,
    but 24.0 s vs 18.8 s with another job holding a core).
    """
    if limits.ocr_workers > 0:
        return limits.ocr_workers
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return max(1, min(4, round(cores - busy)))
