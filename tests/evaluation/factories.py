"""Factories for evaluation tests: gold payloads and hand-made checklists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from extractor.models import Checklist, CriterionResult, DocumentInfo, Evidence
from extractor.vocabulary import CRITERION_IDS, Procedure, Region, Status


def gold_payload(
    chart: str,
    statuses: Mapping[str, Sequence[Status]] | None = None,
    *,
    default: Sequence[Status] = ("met",),
    procedure: Procedure = "diagnostic_block",
    region: Region = "lumbar_sacral",
    files: list[str] | None = None,
    evidence: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    statuses = statuses or {}
    payload: dict[str, Any] = {
        "chart": chart,
        "procedure": procedure,
        "region": region,
        "provenance": "test",
        "criteria": {
            cid: {"status": list(statuses.get(cid, default)), "reason": f"reason {chart} {cid}"}
            for cid in CRITERION_IDS
        },
        "evidence": evidence or [],
    }
    if files is not None:
        payload["files"] = files
    return payload


def make_evidence(
    text: str,
    *,
    source: str = "chart.txt",
    start: int = 0,
    page: int = 1,
    flags: Sequence[str] = (),
    role: str = "supports",
) -> Evidence:
    return Evidence(
        text=text,
        source=source,
        page=page,
        start=start,
        end=start + len(text),
        rule_id="test",
        flags=list(flags),  # type: ignore[arg-type]
        label="TEST",
        match=text,
        role=role,  # type: ignore[arg-type]
    )


def make_checklist(
    statuses: Mapping[str, Status] | None = None,
    *,
    default: Status = "met",
    evidence: Mapping[str, Sequence[Evidence]] | None = None,
    procedure: Procedure = "diagnostic_block",
    region: Region = "lumbar_sacral",
) -> Checklist:
    statuses = statuses or {}
    evidence = evidence or {}
    criteria = [
        CriterionResult(
            id=cid,
            status=statuses.get(cid, default),
            summary=f"summary {cid} {statuses.get(cid, default)}",
            evidence=list(evidence.get(cid, [])),
        )
        for cid in CRITERION_IDS
    ]
    return Checklist(
        documents=[DocumentInfo(name="chart.txt", sha256="0" * 64, mimetype="text/plain", pages=1)],
        procedure=procedure,
        procedure_source="given",
        region=region,
        region_source="given",
        overall="met",
        criteria=criteria,
    )
