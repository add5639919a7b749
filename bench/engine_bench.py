"""End-to-end benchmark: checking a chart vs bare pdfplumber text extraction of the same PDF.

Run: .venv/bin/python bench/engine_bench.py [--repeat 3]
Renders the bundled sample chart (and a long multi-visit chart built from the synthetic corpus)
to PDF, then times, in one run and on the same files: pdfplumber extract_text of every page,
our ingest (load_document), the NLP pass, the criteria, and the whole `review_chart`. Prints the
ratios to bare pdfplumber and the peak Python memory (tracemalloc) of a full check.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from extractor.engine import get_engine  # noqa: E402
from extractor.ingest import load_document  # noqa: E402
from extractor.service import review_chart  # noqa: E402
from tests.pdfgen import render_pdf  # noqa: E402

SYNTHETIC = ROOT / "corpora" / "synthetic"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_pdfplumber(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def charts(folder: Path) -> list[tuple[str, Path]]:
    sample = SYNTHETIC / "sample_lumbar_rfa"
    text = "\n\n".join(p.read_text("utf-8") for p in sorted(sample.glob("*.txt")))
    long_text = "\n\n".join(p.read_text("utf-8") for p in sorted(SYNTHETIC.glob("syn_0[0-3]*.txt")))
    out = []
    for name, body in (("sample", text), ("long", long_text)):
        out.append((name, render_pdf(body, folder / f"{name}.pdf", "header_footer")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = get_engine()
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'chart':8} {'pages':>5} {'pdfplumber':>11} {'ingest':>8} {'nlp':>8} "
            f"{'criteria':>9} {'total':>8} {'total/pdfplumber':>17} {'peak MiB':>9}"
        )
        for name, path in charts(Path(tmp)):
            document = load_document(path)
            bare = best_of(args.repeat, lambda p=path: bare_pdfplumber(p))
            ingest = best_of(args.repeat, lambda p=path: load_document(p))
            nlp = best_of(args.repeat, lambda d=document: engine.findings([d]))
            total = best_of(args.repeat, lambda p=path: review_chart([p], "rfa", "lumbar_sacral"))
            tracemalloc.start()
            review_chart([path], "rfa", "lumbar_sacral")
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            criteria = max(total - ingest - nlp, 0.0)
            print(
                f"{name:8} {len(document.pages):5d} {bare:10.3f}s {ingest:7.3f}s {nlp:7.3f}s "
                f"{criteria:8.3f}s {total:7.3f}s {total / bare:16.1f}x {peak:9.1f}"
            )
        text_charts = sorted(SYNTHETIC.glob("syn_*.txt"))
        start = time.perf_counter()
        for path in text_charts:
            review_chart([path])
        elapsed = time.perf_counter() - start
        print(
            f"\ntext charts: {len(text_charts)} in {elapsed:.2f}s "
            f"({statistics.mean([elapsed / len(text_charts)]) * 1000:.0f} ms per chart)"
        )


if __name__ == "__main__":
    main()
