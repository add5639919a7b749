"""Plain-text rendering of an evaluation report."""

from __future__ import annotations

from extractor.evaluation.report import EvaluationReport, Metrics
from extractor.vocabulary import STATUSES

_SHORT = {"met": "met", "not_met": "not_met", "insufficient": "insuff", "not_applicable": "n/a"}


def pct(value: float | None) -> str:
    """Returns a ratio as a percentage with one decimal, or '-' when undefined."""
    return "-" if value is None else f"{100 * value:.1f}%"


def num(value: float | None) -> str:
    """Returns a ratio with three decimals, or '-' when undefined."""
    return "-" if value is None else f"{value:.3f}"


def _metrics_row(name: str, metrics: Metrics) -> str:
    return (
        f"{name:<34} {pct(metrics.agreement):>7} {metrics.agree:>5}/{metrics.n:<5}"
        f" {pct(metrics.decisive_agreement):>8} {metrics.decisive_agree:>5}/{metrics.decisive_n:<5}"
        f" {num(metrics.macro_f1):>8}"
    )


def render_text(report: EvaluationReport) -> str:
    """Returns the report as a readable table: per criterion, overall, flags, errors, misses."""
    lines: list[str] = []
    head = f"Evaluation of {report.gold_dir}: {len(report.charts)} chart(s) evaluated"
    head += f", {len(report.errors)} error(s)"
    lines.append(head)
    if report.pdf_dir:
        pdf_count = sum(1 for row in report.charts if row.source == "pdf")
        lines.append(f"PDF renderings from {report.pdf_dir}: {pdf_count} chart(s) checked as PDF")
    lines.append("")
    lines.append(
        f"{'criterion':<34} {'agree':>7} {'n':^11} {'decisive':>8} {'n':^11} {'macro-F1':>8}"
    )
    lines.append("-" * 83)
    for metrics in report.per_criterion:
        lines.append(_metrics_row(metrics.criterion, metrics))
    lines.append("-" * 83)
    lines.append(_metrics_row("OVERALL", report.overall))
    lines.append(
        f"charts with every criterion agreeing: {report.charts_all_agree}/{len(report.charts)}"
    )

    if report.per_procedure or report.per_region:
        lines.append("")
        lines.append(
            f"{'by procedure / region':<34} {'agree':>7} {'n':^11} {'decisive':>8} {'n':^11}"
            f" {'macro-F1':>8}"
        )
        for group in [*report.per_procedure, *report.per_region]:
            lines.append(
                _metrics_row(
                    f"{group.group} ({group.charts} chart{'s' * (group.charts != 1)})", group
                )
            )

    lines.append("")
    lines.append("Per status (overall)")
    lines.append(
        f"  {'status':<15} {'support':>7} {'predicted':>9} {'precision':>9} {'recall':>7} {'F1':>7}"
    )
    for sm in report.overall.per_status:
        lines.append(
            f"  {sm.status:<15} {sm.support:>7} {sm.predicted:>9} {num(sm.precision):>9}"
            f" {num(sm.recall):>7} {num(sm.f1):>7}"
        )

    lines.append("")
    lines.append("Confusion (rows: gold label, columns: predicted)")
    lines.append("  " + f"{'':<15}" + "".join(f"{_SHORT[s]:>9}" for s in STATUSES))
    for gold in STATUSES:
        row = report.overall.confusion.get(gold, {})
        lines.append("  " + f"{gold:<15}" + "".join(f"{row.get(pred, 0):>9}" for pred in STATUSES))

    flags = report.flags
    lines.append("")
    lines.append(
        f"ConText flags: {flags.total} gold phrase(s); found {flags.found}, matched "
        f"{flags.matched} (accuracy {pct(flags.accuracy)}), missing {flags.missing}, "
        f"not in chart {flags.not_in_chart}"
    )
    for item in report.flag_items:
        if item.outcome == "matched":
            continue
        gold_flags = ",".join(item.gold_flags) or "none"
        detail = f'  {item.outcome:<12} {item.chart} {item.criterion}: "{item.text}"'
        detail += f" gold [{gold_flags}]"
        if item.predicted_flags is not None:
            detail += f" engine [{','.join(item.predicted_flags) or 'none'}]"
            detail += f" via {item.predicted_criterion}"
        lines.append(detail)

    if report.frame is not None:
        frame = report.frame
        lines.append("")
        lines.append(
            f"Frame detection (run without procedure/region): procedure "
            f"{frame.procedure_agree}/{frame.n} ({pct(frame.procedure_accuracy)}), region "
            f"{frame.region_agree}/{frame.n} ({pct(frame.region_accuracy)})"
        )
        for fm in frame.misses:
            lines.append(
                f"  {fm.chart}: procedure {fm.procedure} -> {fm.detected_procedure}, "
                f"region {fm.region} -> {fm.detected_region} ({fm.note})"
            )

    if report.errors:
        lines.append("")
        lines.append(f"Errors ({len(report.errors)})")
        for error in report.errors:
            lines.append(f"  {error.chart} [{error.kind}] {error.message}")
    if report.unlabelled:
        lines.append("")
        lines.append(f"Unlabelled (no gold file, not evaluated): {', '.join(report.unlabelled)}")

    lines.append("")
    lines.append(f"Misses ({len(report.misses)})")
    for miss in report.misses:
        lines.append(
            f"  {miss.chart} {miss.criterion}: gold {'|'.join(miss.gold)}, "
            f"predicted {miss.predicted}"
        )
        if miss.gold_reason:
            lines.append(f"      gold:     {miss.gold_reason}")
        lines.append(f"      engine:   {miss.summary}")
        if miss.evidence:
            lines.append(f'      evidence: ({miss.source} p{miss.page}) "{miss.evidence}"')
    return "\n".join(lines) + "\n"
