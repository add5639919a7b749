"""Runs the checker on every gold chart and scores it against the gold labels."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from extractor.errors import InputError
from extractor.evaluation.gold import (
    GoldCase,
    GoldError,
    GoldEvidence,
    find_gold_files,
    load_case,
    pdf_variant,
    unlabelled_charts,
)
from extractor.evaluation.metrics import Call, compute_metrics, ratio
from extractor.evaluation.report import (
    ChartError,
    ChartRow,
    CriterionMetrics,
    EvaluationReport,
    FlagAccuracy,
    FlagItem,
    FrameAccuracy,
    FrameMiss,
    GroupMetrics,
    Miss,
)
from extractor.models import Checklist, CriterionResult, Evidence
from extractor.service import review_chart
from extractor.vocabulary import (
    CRITERION_IDS,
    PROCEDURES,
    REGIONS,
    CriterionId,
    Procedure,
    Region,
)

CheckFn = Callable[[list[Path], Procedure, Region], Checklist]
DetectFn = Callable[[list[Path]], Checklist]
SNIPPET_CHARS = 160


def truncate(text: str, limit: int = SNIPPET_CHARS) -> str:
    """Returns `text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def deciding_evidence(result: CriterionResult) -> Evidence | None:
    """Returns the first evidence that supports or defeats the criterion, else the first any."""
    for evidence in result.evidence:
        if evidence.role != "context":
            return evidence
    return result.evidence[0] if result.evidence else None


# --------------------------------------------------------------------------- ConText flags


def _flex_pattern(text: str) -> re.Pattern[str]:
    """Returns a case-insensitive pattern for `text` that tolerates any whitespace between words."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()), re.IGNORECASE)


def _squash(text: str) -> str:
    """Returns `text` case-folded with all whitespace removed (PDF lines may break mid-word)."""
    return "".join(text.split()).casefold()


def _read_text(path: Path) -> str | None:
    """Returns a text chart file's text as the ingest decodes it, None for PDFs or bad files."""
    if path.suffix.lower() == ".pdf":
        return None
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _all_evidence(checklist: Checklist) -> list[tuple[CriterionId, Evidence]]:
    return [(result.id, ev) for result in checklist.criteria for ev in result.evidence]


def score_flag_item(
    chart: str, item: GoldEvidence, paths: Sequence[Path], checklist: Checklist
) -> FlagItem:
    """Returns how the engine's evidence on a gold evidence phrase compares with its gold flags.

    The phrase is located in the chart's text files (whitespace- and case-insensitively); engine
    evidence whose `[start, end)` overlaps an occurrence in the same file is a candidate. For PDF
    files, whose text the checklist does not carry, evidence whose sentence contains the phrase is
    a candidate (ignoring case and whitespace). Candidates for the gold criterion are preferred,
    then those whose matched phrase is inside the gold phrase (or holds it), then any.
    """
    gold_flags = sorted(item.flags)
    pattern = _flex_pattern(item.text)
    squashed = _squash(item.text)
    files = [p for p in paths if item.file is None or p.name == item.file or p.stem == item.file]
    spans: dict[str, list[tuple[int, int]]] = {}
    searchable_pdf = False
    for path in files:
        text = _read_text(path)
        if text is None:
            searchable_pdf = True
            continue
        found = [(m.start(), m.end()) for m in pattern.finditer(text)]
        if found:
            spans[path.name] = found
    if not spans and not searchable_pdf:
        return FlagItem(
            chart=chart,
            criterion=item.criterion,
            text=item.text,
            gold_flags=gold_flags,
            outcome="not_in_chart",
        )

    def on_phrase(evidence: Evidence) -> bool:
        for start, end in spans.get(evidence.source, []):
            if evidence.start < end and start < evidence.end:
                return True
        if evidence.source not in spans and Path(evidence.source).suffix.lower() == ".pdf":
            return squashed in _squash(evidence.text)
        return False

    candidates = [(cid, ev) for cid, ev in _all_evidence(checklist) if on_phrase(ev)]
    own = [(cid, ev) for cid, ev in candidates if cid == item.criterion]

    def on_match(evidence: Evidence) -> bool:
        match = _squash(evidence.match)
        return bool(match) and (match in squashed or squashed in match)

    same_match = [(cid, ev) for cid, ev in candidates if on_match(ev)]
    pool = own or same_match or candidates
    if not pool:
        return FlagItem(
            chart=chart,
            criterion=item.criterion,
            text=item.text,
            gold_flags=gold_flags,
            outcome="missing",
        )
    chosen = next(((cid, ev) for cid, ev in pool if sorted(ev.flags) == gold_flags), pool[0])
    cid, ev = chosen
    return FlagItem(
        chart=chart,
        criterion=item.criterion,
        text=item.text,
        gold_flags=gold_flags,
        outcome="matched" if sorted(ev.flags) == gold_flags else "mismatched",
        predicted_flags=sorted(ev.flags),
        predicted_criterion=cid,
        evidence=truncate(ev.text),
    )


def flag_accuracy(items: Sequence[FlagItem]) -> FlagAccuracy:
    """Returns the totals of scored gold evidence phrases."""
    matched = sum(1 for item in items if item.outcome == "matched")
    found = matched + sum(1 for item in items if item.outcome == "mismatched")
    missing = sum(1 for item in items if item.outcome == "missing")
    not_in_chart = sum(1 for item in items if item.outcome == "not_in_chart")
    return FlagAccuracy(
        total=len(items),
        found=found,
        matched=matched,
        missing=missing,
        not_in_chart=not_in_chart,
        accuracy=ratio(matched, found),
        coverage=ratio(found, found + missing),
    )


# --------------------------------------------------------------------------- frame detection


def _detect_frame(case: GoldCase, paths: Sequence[Path], detect: DetectFn) -> FrameMiss | None:
    """Returns None when `detect` finds the gold procedure and region, else what it found."""
    gold = case.gold
    try:
        checklist = detect(list(paths))
    except Exception as err:  # reported in the frame misses, never a crash
        return FrameMiss(
            chart=case.chart_id,
            procedure=gold.procedure,
            detected_procedure=None,
            region=gold.region,
            detected_region=None,
            note=f"{type(err).__name__}: {err}",
        )
    if (checklist.procedure, checklist.region) == (gold.procedure, gold.region):
        return None
    return FrameMiss(
        chart=case.chart_id,
        procedure=gold.procedure,
        detected_procedure=checklist.procedure,
        region=gold.region,
        detected_region=checklist.region,
        note=f"procedure {checklist.procedure_source}, region {checklist.region_source}",
    )


def frame_accuracy(frames: Sequence[FrameMiss | None]) -> FrameAccuracy:
    """Returns detection accuracy from one entry per chart (None: both detected right)."""
    misses = [frame for frame in frames if frame is not None]
    procedure_agree = len(frames) - sum(1 for m in misses if m.detected_procedure != m.procedure)
    region_agree = len(frames) - sum(1 for m in misses if m.detected_region != m.region)
    return FrameAccuracy(
        n=len(frames),
        procedure_agree=procedure_agree,
        region_agree=region_agree,
        procedure_accuracy=ratio(procedure_agree, len(frames)),
        region_accuracy=ratio(region_agree, len(frames)),
        misses=misses,
    )


# --------------------------------------------------------------------------- corpus


def _miss(case: GoldCase, cid: CriterionId, result: CriterionResult) -> Miss:
    gold = case.gold.criteria[cid]
    evidence = deciding_evidence(result)
    return Miss(
        chart=case.chart_id,
        criterion=cid,
        gold=list(gold.status),
        predicted=result.status,
        gold_reason=gold.reason,
        summary=result.summary,
        evidence=truncate(evidence.text) if evidence else None,
        source=evidence.source if evidence else None,
        page=evidence.page if evidence else None,
    )


def evaluate_corpus(
    gold_dir: Path,
    *,
    check: CheckFn = review_chart,
    pdf_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    detect: DetectFn | None = None,
) -> EvaluationReport:
    """Runs `check` on every gold chart of `gold_dir` and scores it against the gold labels.

    Args:
        gold_dir: a corpus directory (`<id>.txt` + `<id>.gold.json`, or `<id>/gold.json`), or a
            single chart directory holding a `gold.json`.
        check: the checker, called as `check(paths, procedure, region)` with the gold's procedure
            and region; defaults to `extractor.service.review_chart`.
        pdf_dir: a directory of PDF renderings; a chart with `<pdf_dir>/<chart_id>.pdf` (or
            `<pdf_dir>/<chart_id>/<file stem>.pdf` for every file) is checked from the PDF(s)
            instead of its text files, against the same gold.
        progress: called with each chart id before it is checked.
        detect: when given, also called as `detect(paths)` (no procedure or region) on every
            chart, and the report's `frame` scores the detected procedure and region.

    Returns:
        The report. Bad gold files, unreadable charts (`InputError`) and checker crashes become
        error rows; they are left out of the metrics.

    Raises:
        GoldError: `gold_dir` is not a directory.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(gold_dir, "not a directory")
    rows: list[ChartRow] = []
    errors: list[ChartError] = []
    misses: list[Miss] = []
    flag_items: list[FlagItem] = []
    calls: dict[CriterionId, list[Call]] = {cid: [] for cid in CRITERION_IDS}
    all_agree = 0
    by_procedure: dict[str, list[Call]] = {}
    by_region: dict[str, list[Call]] = {}
    charts_in: dict[str, int] = {}
    frames: list[FrameMiss | None] = []

    for gold_path in find_gold_files(gold_dir):
        try:
            case = load_case(gold_path)
        except GoldError as err:
            name = gold_path.parent.name if gold_path.name == "gold.json" else gold_path.name
            errors.append(ChartError(chart=name, kind="gold", message=str(err)))
            continue
        paths = case.paths
        source = "pdf" if all(p.suffix.lower() == ".pdf" for p in paths) else "text"
        if pdf_dir is not None:
            rendered = pdf_variant(case, pdf_dir)
            if rendered is not None:
                paths, source = rendered, "pdf"
        if progress is not None:
            progress(case.chart_id)
        started = time.perf_counter()
        try:
            checklist = check(list(paths), case.gold.procedure, case.gold.region)
        except InputError as err:
            errors.append(ChartError(chart=case.chart_id, kind="input", message=str(err)))
            continue
        except Exception as err:  # a checker bug must not stop the evaluation
            errors.append(
                ChartError(
                    chart=case.chart_id, kind="crash", message=f"{type(err).__name__}: {err}"
                )
            )
            continue
        seconds = time.perf_counter() - started

        results = {result.id: result for result in checklist.criteria}
        agree = 0
        for cid in CRITERION_IDS:
            gold = case.gold.criteria[cid]
            result = results.get(cid) or CriterionResult(
                id=cid, status="insufficient", summary="(criterion missing from the checklist)"
            )
            call = Call(tuple(gold.status), result.status)
            calls[cid].append(call)
            by_procedure.setdefault(case.gold.procedure, []).append(call)
            by_region.setdefault(case.gold.region, []).append(call)
            if call.agrees:
                agree += 1
            else:
                misses.append(_miss(case, cid, result))
        all_agree += agree == len(CRITERION_IDS)
        for group in (case.gold.procedure, case.gold.region):
            charts_in[group] = charts_in.get(group, 0) + 1
        if detect is not None:
            frames.append(_detect_frame(case, paths, detect))
        rows.append(
            ChartRow(
                chart=case.chart_id,
                files=[p.name for p in paths],
                source=source,
                procedure=case.gold.procedure,
                region=case.gold.region,
                agree=agree,
                n=len(CRITERION_IDS),
                overall=checklist.overall,
                seconds=round(seconds, 3),
            )
        )
        flag_items.extend(
            score_flag_item(case.chart_id, item, paths, checklist) for item in case.gold.evidence
        )

    per_criterion = [
        CriterionMetrics(criterion=cid, **compute_metrics(calls[cid]).model_dump())
        for cid in CRITERION_IDS
    ]

    def grouped(groups: dict[str, list[Call]], order: Sequence[str]) -> list[GroupMetrics]:
        return [
            GroupMetrics(group=g, charts=charts_in[g], **compute_metrics(groups[g]).model_dump())
            for g in order
            if g in groups
        ]

    return EvaluationReport(
        gold_dir=str(gold_dir),
        pdf_dir=str(pdf_dir) if pdf_dir is not None else None,
        charts=rows,
        errors=errors,
        unlabelled=unlabelled_charts(gold_dir),
        overall=compute_metrics([call for cid in CRITERION_IDS for call in calls[cid]]),
        per_criterion=per_criterion,
        per_procedure=grouped(by_procedure, PROCEDURES),
        per_region=grouped(by_region, REGIONS),
        charts_all_agree=all_agree,
        flags=flag_accuracy(flag_items),
        flag_items=flag_items,
        misses=misses,
        frame=frame_accuracy(frames) if detect is not None else None,
    )
