"""Scan agreement: does an image-only scan of a chart get the same decisions as its text?

Run: .venv/bin/python bench/scan_agreement.py [--corpus corpora/holdout2] [--limit 20] [--dpi 200]
     [--json report.json] [--keep DIR]

For the first `--limit` gold charts of a corpus (gold format of corpora/README.md) it
  (a) reviews the chart's .txt files,
  (b) renders each .txt as a text PDF (tests/pdfgen.py; the layout rotates header_footer, fax,
      ehr_mono from chart to chart) and reviews those,
  (c) turns each PDF into an image-only "scanned fax" (tests/scanfake.py: rendered at `--dpi`,
      greyscale, ~0.5 degree skew, light blur and speckle, fixed seed) and reviews that (OCR),
always with the gold procedure and region. It prints, per criterion and overall, how often (b) and
(c) agree with (a) and how often each matches gold, the OCR time per page, the total time, and
every disagreement of (c) with (a): the deciding sentences and the OCR slips inside them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ["OMP_THREAD_LIMIT"] = "1"  # one thread per Tesseract (set before anything runs it)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluation.evaluate import deciding_evidence  # noqa: E402
from extractor.evaluation.gold import GoldCase, find_gold_files, load_case  # noqa: E402
from extractor.ingest import IngestLimits  # noqa: E402
from extractor.models import Checklist, Document  # noqa: E402
from extractor.service import check_documents, load_chart  # noqa: E402
from extractor.vocabulary import CRITERION_IDS  # noqa: E402
from tests.pdfgen import LAYOUTS, render_pdf  # noqa: E402
from tests.scanfake import scan_pdf  # noqa: E402

VERSIONS = ("text", "pdf", "scan")


def review(paths: list[Path], case: GoldCase) -> tuple[Checklist, list[Document], float, float]:
    """Returns the checklist, the documents, the load seconds and the check seconds."""
    started = time.perf_counter()
    documents = load_chart(paths)
    loaded = time.perf_counter()
    checklist = check_documents(documents, case.gold.procedure, case.gold.region)
    return checklist, documents, loaded - started, time.perf_counter() - loaded


def _words(text: str) -> Counter[str]:
    return Counter(w.strip(".,:;()[]").lower() for w in text.split() if w.strip(".,:;()[]"))


def word_recall(reference: list[Document], ocr: list[Document]) -> float:
    """Returns the share of the reference words (with multiplicity) that the OCR text has too."""
    want = sum((_words(d.text) for d in reference), Counter())
    got = sum((_words(d.text) for d in ocr), Counter())
    return sum((want & got).values()) / max(1, sum(want.values()))


def counterpart(sentence: str, documents: list[Document], source: str) -> str | None:
    """Returns the stretch of the other version's text that lines up with `sentence`."""
    stem = Path(source).stem
    for doc in documents:
        if Path(doc.source.name).stem != stem:
            continue
        text = " ".join(doc.text.split())
        wanted = " ".join(sentence.split())
        matcher = difflib.SequenceMatcher(None, text, wanted, autojunk=False)
        block = matcher.find_longest_match(0, len(text), 0, len(wanted))
        if block.size < 8:
            return None
        # a little slack on both sides, widened to whole words (OCR drops and adds characters)
        start = max(0, block.a - block.b - 8)
        end = min(len(text), block.a - block.b + len(wanted) + 8)
        if start > 0:
            start = text.find(" ", start) + 1 or start
        stop = text.find(" ", end)
        return text[start : len(text) if stop < 0 else stop]
    return None


def slips(reference: str, ocr: str) -> list[str]:
    """Returns the word-level differences 'reference -> OCR reading' between two sentences."""
    ref, got = reference.split(), ocr.split()
    found = []
    ops = difflib.SequenceMatcher(None, ref, got, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        at_edge = (i1 == 0 and j1 == 0) or (i2 == len(ref) and j2 == len(got))
        if tag == "equal" or (tag in ("insert", "delete") and at_edge):
            continue  # the slack around the matched stretch, not a misreading
        left, right = " ".join(ref[i1:i2]), " ".join(got[j1:j2])
        found.append(f"{left or '(nothing)'} -> {right or '(nothing)'}")
    return found


def explain(
    cid: str, text_list: Checklist, scan_list: Checklist, text_docs: list[Document],
    scan_docs: list[Document],
) -> dict[str, Any]:
    """Returns the deciding sentences of both versions and the OCR slips inside them."""
    detail: dict[str, Any] = {}
    for label, checklist, other, ocr_side in (
        ("text", text_list, scan_docs, False), ("scan", scan_list, text_docs, True)
    ):
        result = checklist.criterion(cid)
        evidence = deciding_evidence(result)
        entry: dict[str, Any] = {"status": result.status, "summary": result.summary}
        if evidence is not None:
            entry["evidence"] = evidence.text
            entry["rule"] = evidence.rule_id
            seen = counterpart(evidence.text, other, evidence.source)
            entry["other_version_reads"] = seen
            if seen is not None:
                pair = (seen, evidence.text) if ocr_side else (evidence.text, seen)
                entry["ocr_slips"] = slips(*pair)
        detail[label] = entry
    return detail


def run_chart(index: int, case: GoldCase, work: Path, dpi: int) -> dict[str, Any]:
    layout = LAYOUTS[index % len(LAYOUTS)]
    folder = work / case.chart_id
    texts = list(case.paths)
    pdfs, scans, pages = [], [], 0
    started = time.perf_counter()
    for txt in texts:
        note = txt.read_text(encoding="utf-8")
        pdf = render_pdf(note, folder / "pdf" / f"{txt.stem}.pdf", layout)
        scan = folder / "scan" / f"{txt.stem}.pdf"
        pages += scan_pdf(pdf, scan, dpi)
        pdfs.append(pdf)
        scans.append(scan)
    make_seconds = time.perf_counter() - started
    lists, docs, timing = {}, {}, {}
    for version, paths in zip(VERSIONS, (texts, pdfs, scans), strict=True):
        lists[version], docs[version], load_s, check_s = review(paths, case)
        timing[version] = {"load_s": round(load_s, 3), "check_s": round(check_s, 3)}
    ocr_pages = sum(1 for d in docs["scan"] for p in d.pages if p.ocr)
    statuses = {
        cid: {
            "gold": list(case.gold.criteria[cid].status),
            **{v: lists[v].criterion(cid).status for v in VERSIONS},
        }
        for cid in CRITERION_IDS
    }
    disagreements = [
        {"chart": case.chart_id, "criterion": cid, "layout": layout,
         **explain(cid, lists["text"], lists["scan"], docs["text"], docs["scan"])}
        for cid in CRITERION_IDS
        if statuses[cid]["scan"] != statuses[cid]["text"]
    ]
    pdf_disagreements = [
        {"chart": case.chart_id, "criterion": cid, "layout": layout,
         "text": statuses[cid]["text"], "pdf": statuses[cid]["pdf"],
         "pdf_summary": lists["pdf"].criterion(cid).summary}
        for cid in CRITERION_IDS
        if statuses[cid]["pdf"] != statuses[cid]["text"]
    ]
    return {
        "chart": case.chart_id,
        "layout": layout,
        "files": len(texts),
        "pages": pages,
        "ocr_pages": ocr_pages,
        "word_recall": round(word_recall(docs["pdf"], docs["scan"]), 4),
        "make_scan_s": round(make_seconds, 3),
        "timing": timing,
        "statuses": statuses,
        "disagreements": disagreements,
        "pdf_disagreements": pdf_disagreements,
    }


def summarise(charts: list[dict[str, Any]]) -> dict[str, Any]:
    """Returns agreement with the text version and accuracy against gold, per criterion."""
    rows: dict[str, dict[str, Any]] = {}
    for cid in [*CRITERION_IDS, "overall"]:
        cells = [
            s for c in charts for k, s in c["statuses"].items() if cid in (k, "overall")
        ]
        n = len(cells)
        row: dict[str, Any] = {"n": n}
        for version in ("pdf", "scan"):
            same = sum(1 for s in cells if s[version] == s["text"])
            row[f"{version}_agrees"] = same
        for version in VERSIONS:
            row[f"{version}_correct"] = sum(1 for s in cells if s[version] in s["gold"])
        rows[cid] = row
    return rows


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def print_report(report: dict[str, Any]) -> None:
    rows = report["criteria"]
    print(f"{report['corpus']}: {report['charts']} charts, {report['pages']} scanned pages "
          f"at {report['dpi']} dpi, read by OCR at {report['ocr_dpi']} dpi ({report['date']})")
    head = (f"{'criterion':<31}{'n':>4}{'pdf=text':>10}{'scan=text':>11}"
            f"{'text ok':>9}{'pdf ok':>9}{'scan ok':>9}")
    print(head)
    print("-" * len(head))
    for cid, row in rows.items():
        if cid == "overall":
            print("-" * len(head))
        n = row["n"]
        print(f"{cid:<31}{n:>4}{pct(row['pdf_agrees'], n):>10}{pct(row['scan_agrees'], n):>11}"
              f"{pct(row['text_correct'], n):>9}{pct(row['pdf_correct'], n):>9}"
              f"{pct(row['scan_correct'], n):>9}")
    t = report["timing"]
    print(f"\ncharts whose 13 statuses all match the text version: pdf {t['charts_pdf_same']}, "
          f"scan {t['charts_scan_same']} of {report['charts']}")
    print(f"OCR word recall vs the text PDF: {report['word_recall']:.1%} (mean of charts)")
    print(f"OCR: {t['scan_load_s']:.1f} s for {t['ocr_pages']} pages = "
          f"{t['ocr_s_per_page']:.2f} s/page (reader start, render at the OCR dpi, Tesseract); "
          f"making the scans {t['make_scan_s']:.1f} s")
    print(f"load text {t['text_load_s']:.1f} s, text PDFs {t['pdf_load_s']:.1f} s; "
          f"checks {t['check_s']:.1f} s; total {t['total_s']:.1f} s")
    if report["pdf_disagreements"]:
        print("\npdf vs text disagreements:")
        for d in report["pdf_disagreements"]:
            print(f"  {d['chart']} {d['criterion']} ({d['layout']}): text {d['text']}, "
                  f"pdf {d['pdf']} - {d['pdf_summary']}")
    if report["disagreements"]:
        print("\nscan vs text disagreements:")
    for d in report["disagreements"]:
        print(f"  {d['chart']} {d['criterion']} ({d['layout']}): text {d['text']['status']}, "
              f"scan {d['scan']['status']}")
        for side in ("text", "scan"):
            entry = d[side]
            if "evidence" in entry:
                print(f"    {side} decided on: {' '.join(entry['evidence'].split())[:150]}")
            if entry.get("ocr_slips"):
                print(f"      OCR slips: {'; '.join(entry['ocr_slips'][:6])}")
            elif "evidence" in entry and entry.get("other_version_reads") is None:
                print("      (no matching stretch in the other version)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "holdout2")
    parser.add_argument("--limit", type=int, default=20, help="first N gold charts (0: all)")
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the fake scans")
    parser.add_argument("--ocr-workers", type=int, default=1,
                        help="pages OCR'd at once (FACET_OCR_WORKERS); 1 gives a clean s/page")
    parser.add_argument("--ocr-dpi", type=int, default=0,
                        help="resolution the tool renders scanned pages at for Tesseract "
                             "(FACET_OCR_DPI); 0: the tool's default (300)")
    parser.add_argument("--json", type=Path, help="also write the full report here")
    parser.add_argument("--keep", type=Path, help="keep the PDFs and scans in this directory")
    args = parser.parse_args()
    os.environ["FACET_OCR_WORKERS"] = str(args.ocr_workers)
    if args.ocr_dpi:
        os.environ["FACET_OCR_DPI"] = str(args.ocr_dpi)
    gold_files = find_gold_files(args.corpus)
    cases = [load_case(p) for p in (gold_files[: args.limit] if args.limit else gold_files)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        charts = []
        for index, case in enumerate(cases):
            chart = run_chart(index, case, work, args.dpi)
            charts.append(chart)
            print(f"{case.chart_id}: {chart['pages']} page(s) ({chart['layout']}), "
                  f"scan differs on {len(chart['disagreements'])}, "
                  f"pdf on {len(chart['pdf_disagreements'])}", file=sys.stderr)
    total = time.perf_counter() - started

    def seconds(version: str, key: str) -> float:
        return sum(c["timing"][version][key] for c in charts)

    ocr_pages = sum(c["ocr_pages"] for c in charts)
    report = {
        "corpus": str(args.corpus.resolve().relative_to(ROOT)
                      if args.corpus.resolve().is_relative_to(ROOT) else args.corpus),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "dpi": args.dpi,
        "ocr_workers": args.ocr_workers,
        "ocr_dpi": IngestLimits.from_env().ocr_dpi,
        "charts": len(charts),
        "pages": sum(c["pages"] for c in charts),
        "word_recall": sum(c["word_recall"] for c in charts) / max(1, len(charts)),
        "criteria": summarise(charts),
        "timing": {
            "ocr_pages": ocr_pages,
            "scan_load_s": round(seconds("scan", "load_s"), 2),
            "ocr_s_per_page": round(seconds("scan", "load_s") / max(1, ocr_pages), 3),
            "text_load_s": round(seconds("text", "load_s"), 2),
            "pdf_load_s": round(seconds("pdf", "load_s"), 2),
            "check_s": round(sum(seconds(v, "check_s") for v in VERSIONS), 2),
            "make_scan_s": round(sum(c["make_scan_s"] for c in charts), 2),
            "total_s": round(total, 1),
            "charts_pdf_same": sum(1 for c in charts if not c["pdf_disagreements"]),
            "charts_scan_same": sum(1 for c in charts if not c["disagreements"]),
        },
        "disagreements": [d for c in charts for d in c["disagreements"]],
        "pdf_disagreements": [d for c in charts for d in c["pdf_disagreements"]],
        "per_chart": charts,
    }
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
