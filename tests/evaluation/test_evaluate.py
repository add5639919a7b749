from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.errors import InputError
from extractor.evaluation import evaluate_corpus
from extractor.evaluation.report import EvaluationReport
from extractor.models import Checklist
from extractor.vocabulary import CRITERION_IDS, Procedure, Region

from .conftest import GoldWriter
from .factories import make_checklist, make_evidence

# gold of the little corpus: a realistic mix of decisive and insufficient labels
GOLD_A = {
    "pain_duration": ["insufficient"],
    "prior_diagnostic_relief": ["not_applicable"],
    "levels_within_limit": ["not_met"],
}
GOLD_B = {
    "conservative_care_failed": ["insufficient", "met"],
    "image_guidance": ["not_applicable"],
}


def gold_checker(corpus: Path) -> Any:
    """A checker that answers each chart's first accepted status."""

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        chart = paths[0].stem
        gold = json.loads((corpus / f"{chart}.gold.json").read_text())
        return make_checklist({cid: c["status"][0] for cid, c in gold["criteria"].items()})

    return check


def insufficient_checker(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
    return make_checklist(default="insufficient")


@pytest.fixture
def corpus(write_chart: GoldWriter) -> Path:
    write_chart("a", statuses=GOLD_A)
    write_chart("b", statuses=GOLD_B, procedure="rfa", region="cervical_thoracic")
    return write_chart("c")


def test_perfect_checker_agrees_everywhere(corpus: Path) -> None:
    report = evaluate_corpus(corpus, check=gold_checker(corpus))
    assert [row.chart for row in report.charts] == ["a", "b", "c"]
    assert report.overall.n == 3 * len(CRITERION_IDS)
    assert report.overall.agreement == 1.0
    assert report.overall.decisive_agreement == 1.0
    assert report.charts_all_agree == 3
    assert report.misses == [] and report.errors == []
    assert [m.criterion for m in report.per_criterion] == list(CRITERION_IDS)


def test_checker_gets_gold_procedure_and_region(corpus: Path) -> None:
    seen: list[tuple[list[str], str, str]] = []

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        seen.append(([p.name for p in paths], procedure, region))
        return make_checklist()

    evaluate_corpus(corpus, check=check)
    assert seen[1] == (["b.txt"], "rfa", "cervical_thoracic")
    assert seen[0] == (["a.txt"], "diagnostic_block", "lumbar_sacral")


def test_all_insufficient_checker_scores_badly_on_decisive_labels(corpus: Path) -> None:
    report = evaluate_corpus(corpus, check=insufficient_checker)
    overall = report.overall
    # only a.pain_duration and b.conservative_care_failed accept insufficient
    assert overall.agree == 2
    assert overall.decisive_n == 3 * len(CRITERION_IDS) - 2
    assert overall.decisive_agree == 0
    assert overall.decisive_agreement == 0.0
    assert overall.agreement is not None and overall.agreement < 0.1
    per = {s.status: s for s in overall.per_status}
    assert per["met"].f1 == 0.0 and per["not_met"].f1 == 0.0
    assert per["insufficient"].recall == 1.0 and per["insufficient"].precision == pytest.approx(
        2 / overall.n
    )
    assert len(report.misses) == overall.n - 2


def test_per_criterion_metrics(corpus: Path) -> None:
    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        # says met for levels everywhere: wrong on a (not_met), right on b and c
        return make_checklist({"pain_duration": "met"} if paths[0].stem == "a" else {})

    report = evaluate_corpus(corpus, check=check)
    per = {m.criterion: m for m in report.per_criterion}
    levels = per["levels_within_limit"]
    assert (levels.n, levels.agree, levels.decisive_n, levels.decisive_agree) == (3, 2, 3, 2)
    assert levels.confusion["not_met"]["met"] == 1
    duration = per["pain_duration"]  # a: gold insufficient, predicted met
    assert (duration.agree, duration.decisive_n, duration.decisive_agree) == (2, 2, 2)
    # b: gold insufficient|met, predicted met -> agrees and is not decisive
    care = per["conservative_care_failed"]
    assert (care.agree, care.decisive_n) == (3, 2)
    # a.prior_diagnostic_relief (n/a) and b.image_guidance (n/a) predicted met
    assert report.overall.agree == 3 * 13 - 4
    assert {(m.chart, m.criterion) for m in report.misses} == {
        ("a", "levels_within_limit"),
        ("a", "pain_duration"),
        ("a", "prior_diagnostic_relief"),
        ("b", "image_guidance"),
    }


def test_miss_carries_reason_summary_and_deciding_sentence(write_chart: GoldWriter) -> None:
    corpus = write_chart("a", statuses={"axial_pain": ["not_met"]})
    long_sentence = "Patient reports severe axial low back pain " + "worse with extension " * 20

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        evidence = [
            make_evidence("context sentence", source="a.txt", role="context"),
            make_evidence(long_sentence, source="a.txt", page=3),
        ]
        return make_checklist(evidence={"axial_pain": evidence})

    report = evaluate_corpus(corpus, check=check)
    (miss,) = report.misses
    assert miss.chart == "a" and miss.criterion == "axial_pain"
    assert miss.gold == ["not_met"] and miss.predicted == "met"
    assert miss.gold_reason == "reason a axial_pain"
    assert miss.summary == "summary axial_pain met"
    assert miss.evidence is not None and miss.evidence.startswith("Patient reports severe")
    assert len(miss.evidence) <= 160 and miss.evidence.endswith("…")
    assert (miss.source, miss.page) == ("a.txt", 3)


def test_input_error_chart_is_an_error_row(write_chart: GoldWriter) -> None:
    write_chart("a")
    corpus = write_chart("empty", text="   \n")

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        if not paths[0].read_text().strip():
            raise InputError(paths[0], "the file is empty: nothing to check")
        return make_checklist()

    report = evaluate_corpus(corpus, check=check)
    assert [row.chart for row in report.charts] == ["a"]
    (error,) = report.errors
    assert error.chart == "empty" and error.kind == "input"
    assert "empty.txt" in error.message
    assert report.overall.n == len(CRITERION_IDS)


def test_crash_and_bad_gold_are_error_rows(write_chart: GoldWriter) -> None:
    write_chart("a")
    corpus = write_chart("boom")
    (corpus / "bad.txt").write_text("x", encoding="utf-8")
    (corpus / "bad.gold.json").write_text('{"chart": "bad"}', encoding="utf-8")
    (corpus / "loose.txt").write_text("x", encoding="utf-8")

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        if paths[0].stem == "boom":
            raise RuntimeError("engine bug")
        return make_checklist()

    report = evaluate_corpus(corpus, check=check)
    kinds = {e.chart: e.kind for e in report.errors}
    assert kinds == {"bad.gold.json": "gold", "boom": "crash"}
    assert "RuntimeError: engine bug" in next(e.message for e in report.errors if e.chart == "boom")
    assert report.unlabelled == ["loose.txt"]
    assert [row.chart for row in report.charts] == ["a"]


def test_missing_criterion_in_checklist_counts_as_insufficient(write_chart: GoldWriter) -> None:
    corpus = write_chart("a")

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        full = make_checklist()
        return full.model_copy(update={"criteria": full.criteria[:-1]})

    report = evaluate_corpus(corpus, check=check)
    (miss,) = report.misses
    assert miss.criterion == CRITERION_IDS[-1] and miss.predicted == "insufficient"


def test_context_flag_accuracy(write_chart: GoldWriter) -> None:
    text = (
        "Low back pain 7/10 for 2 years.\n"
        "No radicular symptoms.\n"
        "Mother with lumbar stenosis.\n"
        "If radicular symptoms develop,   we will get an MRI.\n"
        "No improvement with PT.\n"
    )
    gold_evidence = [
        {
            "criterion": "no_untreated_radiculopathy",
            "text": "no radicular symptoms",
            "flags": ["negated"],
        },
        {
            "criterion": "non_facet_pathology_ruled_out",
            "text": "Mother with lumbar stenosis",
            "flags": ["family"],
        },
        {
            "criterion": "no_untreated_radiculopathy",
            "text": "If radicular symptoms develop, we",
            "flags": ["hypothetical"],
        },
        {"criterion": "conservative_care_failed", "text": "no improvement with PT", "flags": []},
        {"criterion": "axial_pain", "text": "text that is not there", "flags": []},
    ]
    corpus = write_chart("a", text=text, evidence=gold_evidence)

    def at(phrase: str, **kwargs: Any) -> Any:
        return make_evidence(phrase, source="a.txt", start=text.index(phrase), **kwargs)

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        return make_checklist(
            evidence={
                # right flags, offsets of the whole sentence
                "no_untreated_radiculopathy": [at("No radicular symptoms.", flags=["negated"])],
                # found under another criterion only, but with the wrong flags
                "axial_pain": [at("Mother with lumbar", flags=["historical"])],
                # the hypothetical sentence has no evidence: missing
                # an evidence on another sentence of the file must not count
                "conservative_care_failed": [at("Low back pain", flags=["negated"])],
            }
        )

    report = evaluate_corpus(corpus, check=check)
    outcomes = {item.text: item for item in report.flag_items}
    assert outcomes["no radicular symptoms"].outcome == "matched"
    family = outcomes["Mother with lumbar stenosis"]
    assert family.outcome == "mismatched"
    assert family.predicted_flags == ["historical"] and family.predicted_criterion == "axial_pain"
    assert outcomes["If radicular symptoms develop, we"].outcome == "missing"
    assert outcomes["no improvement with PT"].outcome == "missing"
    assert outcomes["text that is not there"].outcome == "not_in_chart"
    flags = report.flags
    assert (flags.total, flags.found, flags.matched, flags.missing, flags.not_in_chart) == (
        5,
        2,
        1,
        2,
        1,
    )
    assert flags.accuracy == 0.5
    assert flags.coverage == 0.5


def test_own_criterion_evidence_is_preferred(write_chart: GoldWriter) -> None:
    text = "Denies radiating leg pain.\n"
    gold_evidence = [
        {
            "criterion": "no_untreated_radiculopathy",
            "text": "denies radiating leg pain",
            "flags": ["negated"],
        },
    ]
    corpus = write_chart("a", text=text, evidence=gold_evidence)

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        sentence = make_evidence(text.strip(), source="a.txt", flags=["negated"])
        return make_checklist(
            evidence={
                "axial_pain": [sentence],
                "no_untreated_radiculopathy": [sentence.model_copy(update={"flags": []})],
            }
        )

    (item,) = evaluate_corpus(corpus, check=check).flag_items
    assert item.outcome == "mismatched" and item.predicted_criterion == "no_untreated_radiculopathy"


def test_pdf_dir_replaces_text_files(write_chart: GoldWriter, tmp_path: Path) -> None:
    write_chart(
        "a",
        text="Denies radiating leg pain.\n",
        evidence=[
            {
                "criterion": "no_untreated_radiculopathy",
                "text": "Denies radiating leg pain",
                "flags": ["negated"],
            },
        ],
    )
    corpus = write_chart("b")
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "a.pdf").write_bytes(b"%PDF-1.4")
    seen: list[str] = []

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        seen.extend(p.name for p in paths)
        sentence = make_evidence(
            "Denies radiat\ning leg pain.", source="a.pdf", start=900, flags=["negated"]
        )
        return make_checklist(evidence={"no_untreated_radiculopathy": [sentence]})

    report = evaluate_corpus(corpus, check=check, pdf_dir=pdfs)
    assert seen == ["a.pdf", "b.txt"]
    assert [(row.chart, row.source) for row in report.charts] == [("a", "pdf"), ("b", "text")]
    assert report.pdf_dir == str(pdfs)
    # PDF evidence is matched on its text, ignoring whitespace (even mid-word line breaks)
    assert report.flag_items[0].outcome == "matched"


def test_report_round_trips_through_json(corpus: Path) -> None:
    report = evaluate_corpus(corpus, check=insufficient_checker)
    again = EvaluationReport.model_validate_json(report.model_dump_json(indent=2))
    assert again == report


def test_per_procedure_and_region_groups(corpus: Path) -> None:
    report = evaluate_corpus(corpus, check=insufficient_checker)
    procedures = {g.group: g for g in report.per_procedure}
    assert list(procedures) == ["diagnostic_block", "rfa"]  # vocabulary order
    assert (procedures["diagnostic_block"].charts, procedures["diagnostic_block"].n) == (2, 26)
    assert (procedures["rfa"].agree, procedures["rfa"].decisive_n) == (1, 12)
    regions = {g.group: g for g in report.per_region}
    assert regions["lumbar_sacral"].charts == 2 and regions["cervical_thoracic"].charts == 1


def test_frame_detection(corpus: Path) -> None:
    def detect(paths: list[Path]) -> Checklist:
        chart = paths[0].stem
        if chart == "c":
            raise InputError(paths[0], "cannot read")
        return make_checklist(procedure="rfa", region="lumbar_sacral")

    report = evaluate_corpus(corpus, check=insufficient_checker, detect=detect)
    frame = report.frame
    assert frame is not None
    # a: procedure wrong (diagnostic_block), b: region wrong, c: detection failed
    assert (frame.n, frame.procedure_agree, frame.region_agree) == (3, 1, 1)
    assert [m.chart for m in frame.misses] == ["a", "b", "c"]
    assert frame.misses[0].detected_procedure == "rfa"
    assert frame.misses[2].detected_procedure is None and "cannot read" in frame.misses[2].note
    assert evaluate_corpus(corpus, check=insufficient_checker).frame is None


def test_other_criterion_evidence_on_the_same_phrase_is_preferred(
    write_chart: GoldWriter,
) -> None:
    text = "No fever, mother with lumbar stenosis.\n"
    gold_evidence = [
        {
            "criterion": "non_facet_pathology_ruled_out",
            "text": "mother with lumbar stenosis",
            "flags": ["family"],
        },
    ]
    corpus = write_chart("a", text=text, evidence=gold_evidence)
    sentence = make_evidence(text.strip(), source="a.txt")

    def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        return make_checklist(
            evidence={
                # flags that happen to equal gold's, but on another phrase of the sentence
                "axial_pain": [sentence.model_copy(update={"match": "fever", "flags": ["family"]})],
                # the finding on the gold phrase itself, with the wrong flags
                "pain_duration": [sentence.model_copy(update={"match": "lumbar stenosis"})],
            }
        )

    (item,) = evaluate_corpus(corpus, check=check).flag_items
    assert item.outcome == "mismatched" and item.predicted_criterion == "pain_duration"
