"""Ingest benchmark: our load_document vs bare pdfplumber on the same multi-page PDF.

Run: .venv/bin/python bench/ingest_bench.py [--pages 40]
Prints wall time, the ratio measured in this run, and peak memory: Python allocations in this
process (tracemalloc) and the reader process's peak RSS (getrusage of children). Also times OCR
per scanned page and the bad-input cases.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.errors import InputError  # noqa: E402
from extractor.ingest import load_document  # noqa: E402

DATA = ROOT / "tests" / "data"


def make_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    sentence = (
        "Chronic axial low back pain for 14 months, worse with extension; six weeks of physical "
        "therapy and naproxen without relief; plan bilateral L4-L5 medial branch blocks. "
    )
    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 752, "Spine Pain Clinic - Benchpatient")
        canvas.drawCentredString(306, 30, f"Page {page} of {pages}")
        canvas.setFont("Helvetica", 8)
        text = canvas.beginText(40, 730)
        for _ in range(62):
            text.textLine(sentence[: 100 + page % 7])
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()


def dense_scan(workdir: Path, pages: int = 1) -> Path:
    """Returns an image-only PDF of dense pages (about 1100 words each) scanned at 300 dpi."""
    import pypdfium2

    text_pdf = workdir / "dense-text.pdf"
    make_pdf(text_pdf, pages)
    pdf = pypdfium2.PdfDocument(str(text_pdf))
    images = [
        pdf[i].render(scale=300 / 72, grayscale=True).to_pil().convert("L") for i in range(pages)
    ]
    pdf.close()
    scan = workdir / f"dense-scan-{pages}.pdf"
    images[0].save(scan, "PDF", resolution=300, save_all=True, append_images=images[1:])
    return scan


def ocr_workers_table(workdir: Path, pages: int) -> None:
    """Prints the time to OCR a multi-page scan with one, then two Tesseracts at once."""
    from extractor.ingest import IngestLimits
    from extractor.ingest.ocr import ocr_workers

    scan = dense_scan(workdir, pages)
    print(
        f"(load average now {os.getloadavg()[0]:.1f}: the default would run "
        f"{ocr_workers(IngestLimits())} at once)"
    )
    for workers in (1, 2):
        started = time.perf_counter()
        load_document(scan, limits=IngestLimits(ocr_workers=workers))
        seconds = time.perf_counter() - started
        print(
            f"OCR {pages} dense pages, {workers} at once: {seconds:.1f} s "
            f"({seconds / pages:.2f} s/page)"
        )


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def ours(path: Path) -> int:
    return len(load_document(path).text)


def best_time(fn: Callable[[Path], object], path: Path, repeat: int) -> float:
    """Returns the best wall time of `repeat` runs (other work on the machine only adds)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - started)
    return min(times)


def traced_peak(fn: Callable[[Path], object], path: Path) -> float:
    """Returns the peak of Python allocations in this process during `fn`, in MiB."""
    tracemalloc.start()
    fn(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def process_rss(code: str, path: Path) -> float:
    """Returns the peak RSS in MiB of a fresh process running `code` (or of its children)."""
    script = (
        f"import resource, sys; sys.path.insert(0, {str(ROOT)!r}); {code}; "
        "print(max(resource.getrusage(who).ru_maxrss "
        "for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.split()[-1]) / 1024


BARE_CODE = (
    "import pdfplumber; pdf = pdfplumber.open(sys.argv[1]); [p.extract_text() for p in pdf.pages]"
)
OURS_CODE = "from extractor.ingest import load_document; load_document(sys.argv[1])"


def error_timings(workdir: Path) -> list[tuple[str, float, str]]:
    letter = (DATA / "letter.pdf").read_bytes()
    cases = {
        "empty.pdf": b"",
        "text-named.pdf": b"just some text",
        "png-named.pdf": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "truncated.pdf": letter[: len(letter) // 2],
        "binary.txt": bytes(range(256)) * 4,
        "encrypted.pdf": (DATA / "encrypted.pdf").read_bytes(),
        "blank.pdf": (DATA / "blank.pdf").read_bytes(),
    }
    rows = []
    for name, data in cases.items():
        path = workdir / name
        path.write_bytes(data)
        started = time.perf_counter()
        try:
            load_document(path)
            outcome = "read"
        except InputError as err:
            outcome = err.problem[:60]
        rows.append((name, time.perf_counter() - started, outcome))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ocr-pages", type=int, default=4, help="0 skips the OCR table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        pdf = workdir / "bench.pdf"
        make_pdf(pdf, args.pages)
        # peak RSS first, in fresh processes, while this one is small (Linux children start
        # with the parent's maxrss)
        bare_rss = process_rss(BARE_CODE, pdf)
        reader_rss = process_rss(OURS_CODE, pdf)
        ours(pdf)  # warm imports and the page cache
        bare_time = best_time(bare_pdfplumber, pdf, args.repeat)
        our_time = best_time(ours, pdf, args.repeat)
        bare_py, our_py = traced_peak(bare_pdfplumber, pdf), traced_peak(ours, pdf)
        print(
            f"{args.pages}-page text PDF ({pdf.stat().st_size // 1024} KiB), best of {args.repeat}"
        )
        print(f"{'':<26}{'seconds':>8}{'s/page':>8}{'py peak MiB':>13}{'RSS MiB':>9}")
        print(
            f"{'pdfplumber extract_text':<26}{bare_time:>8.2f}{bare_time / args.pages:>8.3f}"
            f"{bare_py:>13.1f}{bare_rss:>9.0f}"
        )
        print(
            f"{'load_document':<26}{our_time:>8.2f}{our_time / args.pages:>8.3f}"
            f"{our_py:>13.1f}{reader_rss:>9.0f}"
        )
        print(f"ratio load_document / pdfplumber (time): {our_time / bare_time:.2f}")
        print("(load_document: py peak is the calling process; RSS is the larger of it and the")
        print(" reader process, which does the parsing)")
        for label, scan in (("sparse", DATA / "scanned.pdf"), ("dense", dense_scan(workdir))):
            started = time.perf_counter()
            doc = load_document(scan)
            seconds = time.perf_counter() - started
            words = sum(len(p.words) for p in doc.pages if p.ocr)
            print(f"OCR {label} page: {seconds:.2f} s ({words} words, {doc.warnings[-1]})")
        if args.ocr_pages:
            ocr_workers_table(workdir, args.ocr_pages)
        print(f"\n{'bad input':<18}{'seconds':>9}  outcome")
        for name, seconds, outcome in error_timings(workdir):
            print(f"{name:<18}{seconds:>9.2f}  {outcome}")


if __name__ == "__main__":
    main()
