"""Makes an image-only "scanned fax" copy of a text PDF (test and benchmark fixture).

Each page is rendered with pypdfium2 at `dpi`, turned to greyscale, slightly rotated (about half
a degree, direction alternating by page), lightly blurred and speckled with salt-and-pepper noise,
then all pages are saved as one image-only PDF with Pillow. Deterministic: the same input, dpi and
seed give the same pixels.

Used by bench/scan_agreement.py (whole corpora) and tests/ingest/test_scan_agreement.py (one chart).
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path
from typing import Any

ANGLE = 0.5  # degrees of skew per page
BLUR = 0.6  # Gaussian blur radius in pixels
SPECKLE = 1 / 1500  # share of pixels flipped to black or white


def degrade(image: Any, seed: int, angle: float = ANGLE) -> Any:
    """Returns a greyscale Pillow image skewed, blurred and speckled like a mediocre fax scan."""
    from PIL import Image, ImageFilter

    noise = random.Random(seed)
    turn = angle if seed % 2 == 0 else -angle
    image = image.convert("L").rotate(turn, resample=Image.Resampling.BILINEAR, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(BLUR))
    pixels = image.load()
    assert pixels is not None
    for _ in range(int(image.width * image.height * SPECKLE)):
        x, y = noise.randrange(image.width), noise.randrange(image.height)
        pixels[x, y] = 0 if noise.random() < 0.5 else 255
    return image


def scan_pdf(src: Path, out: Path, dpi: int = 200, seed: int = 0) -> int:
    """Writes an image-only, degraded copy of the PDF `src` to `out`; returns its page count."""
    import pypdfium2

    base = zlib.crc32(Path(src).name.encode()) ^ seed
    pdf = pypdfium2.PdfDocument(str(src))
    try:
        images = [
            degrade(pdf[i].render(scale=dpi / 72, grayscale=True).to_pil(), base + i)
            for i in range(len(pdf))
        ]
    finally:
        pdf.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return len(images)
