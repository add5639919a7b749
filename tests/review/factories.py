"""Hand-made documents and checklists for review tests (no engine needed)."""

from __future__ import annotations

import hashlib

from extractor.models import (
    Box,
    Checklist,
    CriterionResult,
    Document,
    DocumentInfo,
    Evidence,
    Page,
    PainScore,
    SourceFile,
    Word,
)
from extractor.review.models import Reviewer
from extractor.vocabulary import CRITERION_IDS

NOTE = "Chief complaint: Low back pain.\nPain 7/10 for 2 years.\nPT failed.\n"
NAME = "note.txt"
ALICE = Reviewer(name="Alice", source="typed")
BOB = Reviewer(name="Bob", source="proxy")


def make_document(text: str = NOTE, name: str = NAME, pdf: bool = False) -> Document:
    words, offset = [], 0
    for token in text.split():
        start = text.index(token, offset)
        offset = start + len(token)
        box = Box(page=1, x0=10.0 + start, top=20.0, x1=10.0 + offset, bottom=30.0) if pdf else None
        words.append(Word(text=token, start=start, end=offset, box=box))
    data = text.encode("utf-8")
    return Document(
        source=SourceFile(name=name, sha256=hashlib.sha256(data).hexdigest(),
                          mimetype="application/pdf" if pdf else "text/plain",
                          size_bytes=len(data)),
        text=text, nlp_text=text,
        pages=[Page(page_no=1, start=0, end=len(text), words=words)],
    )


def evidence(text: str, *, rule_id: str = "rule.1", role: str = "supports",
             source: str = NAME, document_text: str = NOTE) -> Evidence:
    start = document_text.index(text)
    return Evidence(text=text, source=source, page=1, start=start, end=start + len(text),
                    rule_id=rule_id, label="LABEL", match=text, role=role)  # type: ignore[arg-type]


def make_checklist() -> Checklist:
    """axial_pain met (2 evidence), pain_scale met (value), conservative care insufficient."""
    results = []
    for cid in CRITERION_IDS:
        if cid == "axial_pain":
            results.append(CriterionResult(
                id=cid, status="met", summary="axial pain documented",
                evidence=[evidence("Chief complaint: Low back pain.", rule_id="axial.1"),
                          evidence("Pain 7/10 for 2 years.", rule_id="axial.2")],
                trace=["axial.1 matched"]))
        elif cid == "pain_scale_documented":
            results.append(CriterionResult(
                id=cid, status="met", summary="scale documented",
                evidence=[evidence("Pain 7/10 for 2 years.", rule_id="scale.1").model_copy(
                    update={"value": PainScore(value=7)})]))
        elif cid == "conservative_care_failed":
            results.append(CriterionResult(id=cid, status="insufficient", summary="no outcome",
                                           look_for="a modality with its outcome"))
        elif cid in ("prior_diagnostic_relief", "repeat_procedure_relief",
                     "rfa_not_suitable_documented", "session_frequency"):
            results.append(CriterionResult(id=cid, status="not_applicable", summary="n/a"))
        else:
            results.append(CriterionResult(id=cid, status="met", summary="ok"))
    return Checklist(
        documents=[DocumentInfo(name=NAME, sha256="0" * 64, mimetype="text/plain", pages=1)],
        procedure="diagnostic_block", procedure_source="detected",
        region="lumbar_sacral", region_source="detected",
        overall="insufficient", criteria=results,
    )
