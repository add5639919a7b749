"""Batch runs: a folder of charts in, one checklist JSON per chart and a summary CSV out.

Each file directly in the folder is a chart; each sub-folder is a chart made of its files. A chart
that cannot be read is listed with its one-line error and the run goes on.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import InputError
from extractor.export import to_json
from extractor.vocabulary import CRITERION_IDS, Procedure, Region

CHART_SUFFIXES = frozenset({".pdf", ".txt"})
SUMMARY_NAME = "summary.csv"


@dataclass(frozen=True)
class ChartRun:
    """The outcome of one chart: its statuses, or the error that stopped it."""

    chart: str
    overall: str | None
    statuses: dict[str, str]
    error: str | None


def discover_charts(folder: Path) -> list[tuple[str, list[Path]]]:
    """Returns (chart name, files) for every chart in `folder`, sorted by name."""
    charts: list[tuple[str, list[Path]]] = []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix.lower() in CHART_SUFFIXES:
            charts.append((entry.stem, [entry]))
        elif entry.is_dir():
            files = sorted(p for p in entry.iterdir()
                           if p.is_file() and p.suffix.lower() in CHART_SUFFIXES)
            if files:
                charts.append((entry.name, files))
    return charts


def _check_one(job: tuple[str, list[Path], Path, Procedure | None, Region | None]) -> ChartRun:
    from extractor.service import review_chart

    name, files, out_dir, procedure, region = job
    try:
        checklist = review_chart(files, procedure=procedure, region=region)
    except InputError as err:
        return ChartRun(name, None, {}, str(err))
    (out_dir / f"{name}.checklist.json").write_text(to_json(checklist), encoding="utf-8")
    statuses: dict[str, str] = {c.id: c.status for c in checklist.criteria}
    return ChartRun(name, checklist.overall, statuses, None)


def _runs(jobs: Sequence[tuple[str, list[Path], Path, Procedure | None, Region | None]],
          workers: int) -> Iterator[ChartRun]:
    if workers <= 1:
        yield from map(_check_one, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_check_one, jobs, chunksize=4)


def run_batch(
    folder: Path,
    out_dir: Path,
    *,
    procedure: Procedure | None = None,
    region: Region | None = None,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> list[ChartRun]:
    """Checks every chart of `folder`, writing checklists and summary.csv into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    charts = discover_charts(folder)
    jobs = [(name, files, out_dir, procedure, region) for name, files in charts]
    runs: list[ChartRun] = []
    for index, run in enumerate(_runs(jobs, workers), start=1):
        runs.append(run)
        if progress:
            progress(f"{index}/{len(jobs)} {run.chart}: {run.overall or 'error'}")
    _write_summary(out_dir / SUMMARY_NAME, runs)
    return runs


def _write_summary(path: Path, runs: list[ChartRun]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["chart", "overall", *CRITERION_IDS, "error"])
        for run in runs:
            writer.writerow([run.chart, run.overall or "", *(run.statuses.get(c, "")
                                                             for c in CRITERION_IDS),
                             run.error or ""])
