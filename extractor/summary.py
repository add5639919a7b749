"""The readable one-line-per-criterion summary the CLI prints."""

from __future__ import annotations

from extractor.models import Checklist

_MARK = {"met": "MET", "not_met": "NOT MET", "insufficient": "INSUFFICIENT",
         "not_applicable": "n/a"}
_WIDTH = 110


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def render_summary(checklist: Checklist) -> str:
    """Returns the checklist as text: the request, overall status, then one line per criterion."""
    names = ", ".join(d.name for d in checklist.documents)
    lines = [
        f"Chart: {names}",
        f"Procedure: {checklist.procedure} ({checklist.procedure_source})   "
        f"Region: {checklist.region} ({checklist.region_source})",
        f"Overall: {_MARK[checklist.overall]}",
        "",
    ]
    for result in checklist.criteria:
        lines.append(f"{_MARK[result.status]:<13} {result.id:<31} {result.summary}")
        deciding = next((e for e in result.evidence if e.role != "context"), None)
        if deciding is not None:
            lines.append(f"{'':14}\"{_clip(deciding.text, _WIDTH)}\" "
                         f"({deciding.source} p.{deciding.page})")
        elif result.status == "insufficient" and result.look_for:
            lines.append(f"{'':14}look for: {_clip(result.look_for, _WIDTH)}")
    if checklist.warnings:
        lines.append("")
        lines.extend(f"warning: {w}" for w in checklist.warnings)
    return "\n".join(lines)
