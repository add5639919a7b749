"""The engine: a loaded pipeline that turns a chart's documents into a `Checklist`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from spacy.language import Language

from extractor.criteria.catalogue import load_catalogue
from extractor.criteria.chart import ChartFacts
from extractor.criteria.evaluate import evaluate, overall_status
from extractor.criteria.frame import detect_procedure, detect_region
from extractor.models import (
    Checklist,
    CriterionResult,
    DateValue,
    Document,
    DocumentInfo,
    Evidence,
    Finding,
)
from extractor.nlp.findings import NOTE_DATE, extract_findings
from extractor.nlp.pipeline import build_nlp
from extractor.vocabulary import Procedure, Region
from nlp_rules.schema import section_file


def _with_boxes(result: CriterionResult, documents: dict[str, Document]) -> CriterionResult:
    evidence: list[Evidence] = []
    for item in result.evidence:
        document = documents.get(item.source)
        boxes = document.boxes_between(item.start, item.end) if document else []
        evidence.append(item.model_copy(update={"boxes": boxes}))
    return result.model_copy(update={"evidence": evidence})


def _document_info(document: Document, findings: list[Finding]) -> DocumentInfo:
    dates = sorted({f.value.date for f in findings
                    if f.label == NOTE_DATE and isinstance(f.value, DateValue)})
    return DocumentInfo(
        name=document.source.name,
        sha256=document.source.sha256,
        mimetype=document.source.mimetype,
        pages=len(document.pages),
        note_dates=dates,
        ocr_pages=[p.page_no for p in document.pages if p.ocr],
    )


class Engine:
    """A loaded NLP pipeline plus the criteria catalogue; reusable across charts."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or build_nlp()
        self.catalogue = load_catalogue()
        sections = section_file()
        self.plan_sections = frozenset(sections.plan_sections)
        self.procedure_sections = frozenset(sections.procedure_sections)

    def findings(self, documents: Sequence[Document]) -> list[Finding]:
        """Returns the findings of every document, document by document."""
        return [f for document in documents for f in extract_findings(self.nlp, document)]

    def check(
        self,
        documents: Sequence[Document],
        procedure: Procedure | None = None,
        region: Region | None = None,
    ) -> Checklist:
        """Returns the checklist for one chart made of `documents`."""
        findings = self.findings(documents)
        region_source = "given"
        if region is None:
            region, region_source = detect_region(findings)
        procedure_source = "given"
        if procedure is None:
            procedure, procedure_source = detect_procedure(
                findings, region, self.plan_sections, self.procedure_sections
            )
        facts = ChartFacts(
            findings=findings,
            procedure=procedure,
            region=region,
            catalogue=self.catalogue,
            procedure_sections=self.procedure_sections,
            plan_sections=self.plan_sections,
        )
        by_name = {d.source.name: d for d in documents}
        results = [_with_boxes(r, by_name) for r in evaluate(facts)]
        return Checklist(
            documents=[_document_info(d, [f for f in findings if f.source == d.source.name])
                       for d in documents],
            procedure=procedure,
            procedure_source=procedure_source,  # type: ignore[arg-type]
            region=region,
            region_source=region_source,  # type: ignore[arg-type]
            overall=overall_status([r.status for r in results]),
            criteria=results,
            warnings=_warnings(documents, results),
        )


def _warnings(documents: Sequence[Document], results: list[CriterionResult]) -> list[str]:
    warnings = [f"{d.source.name}: {w}" for d in documents for w in d.warnings]
    for document in documents:
        ocr = [str(p.page_no) for p in document.pages if p.ocr]
        if ocr:
            warnings.append(
                f"{document.source.name}: pages {', '.join(ocr)} were read by OCR; "
                "double-check their evidence"
            )
    for result in results:
        warnings.extend(line for line in result.trace if "reviewers deny" in line
                        or "new diagnostic blocks" in line or "payers ask" in line)
    return warnings


@cache
def get_engine() -> Engine:
    """Returns the process-wide engine (the pipeline takes ~1-2 s to build)."""
    return Engine()
