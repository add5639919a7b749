from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from extractor.evaluation import evaluate_corpus, render_text
from extractor.evaluation.command import add_arguments, run
from extractor.evaluation.report import EvaluationReport
from extractor.models import Checklist
from extractor.vocabulary import CRITERION_IDS, Procedure, Region

from .conftest import GoldWriter
from .factories import make_checklist, make_evidence


def check(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
    if paths[0].stem == "broken":
        raise RuntimeError("engine bug")
    evidence = make_evidence("Pain started last week.", source=paths[0].name, page=2)
    return make_checklist({"pain_duration": "not_met"}, evidence={"pain_duration": [evidence]})


@pytest.fixture
def corpus(write_chart: GoldWriter) -> Path:
    write_chart("a", statuses={"axial_pain": ["insufficient", "met"]})
    return write_chart("b", statuses={"image_guidance": ["not_applicable"]})


def test_render_text_shows_the_numbers(corpus: Path) -> None:
    report = evaluate_corpus(corpus, check=check)
    text = render_text(report)
    # pain_duration wrong on both charts, image_guidance wrong on b: 23/26 agree
    assert report.overall.agree == 23
    assert "88.5%" in text and "23/26" in text
    # decisive: a.axial_pain accepts insufficient -> 25 decisive calls, 22 agree
    assert "22/25" in text and "88.0%" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert "0.0%" in lines["pain_duration"] and "0/2" in lines["pain_duration"]
    assert "100.0%" in lines["axial_pain"]
    assert "OVERALL" in lines
    assert "a pain_duration: gold met, predicted not_met" in text
    assert "reason a pain_duration" in text and "summary pain_duration not_met" in text
    assert '(a.txt p2) "Pain started last week."' in text
    assert "Misses (3)" in text
    for cid in CRITERION_IDS:
        assert cid in text


def test_render_text_lists_errors_and_flags(write_chart: GoldWriter) -> None:
    write_chart(
        "a",
        text="No radicular symptoms.\n",
        evidence=[
            {
                "criterion": "no_untreated_radiculopathy",
                "text": "No radicular symptoms",
                "flags": ["negated"],
            }
        ],
    )
    corpus = write_chart("broken")

    def no_evidence(paths: list[Path], procedure: Procedure, region: Region) -> Checklist:
        if paths[0].stem == "broken":
            raise RuntimeError("engine bug")
        return make_checklist()

    text = render_text(evaluate_corpus(corpus, check=no_evidence))
    assert "broken [crash] RuntimeError: engine bug" in text
    assert "missing      a no_untreated_radiculopathy" in text
    assert "ConText flags: 1 gold phrase(s); found 0" in text


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_command_text_and_json(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(parse([str(corpus)]), check=check) == 0
    assert "OVERALL" in capsys.readouterr().out
    assert run(parse([str(corpus), "--format", "json"]), check=check) == 0
    report = EvaluationReport.model_validate(json.loads(capsys.readouterr().out))
    assert report.overall.agree == 23


@pytest.mark.parametrize(("threshold", "code"), [("0.88", 0), ("0.9", 1), ("88", 0), ("90", 1)])
def test_command_fail_under(
    corpus: Path, threshold: str, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(parse([str(corpus), "--fail-under", threshold]), check=check) == code
    if code:
        assert "below" in capsys.readouterr().err


def test_command_strict_and_bad_dir(
    write_chart: GoldWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_chart("broken")
    assert run(parse([str(corpus)]), check=check) == 0
    assert run(parse([str(corpus), "--strict"]), check=check) == 1
    assert run(parse([str(corpus), "--fail-under", "0.5"]), check=check) == 1  # nothing scored
    assert run(parse([str(tmp_path / "nowhere")]), check=check) == 2
    assert "not a directory" in capsys.readouterr().err


def test_command_detect_frame(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def detect(paths: list[Path]) -> Checklist:
        return make_checklist(procedure="rfa")

    assert run(parse([str(corpus), "--detect-frame"]), check=check, detect=detect) == 0
    out = capsys.readouterr().out
    assert "procedure 0/2 (0.0%), region 2/2 (100.0%)" in out
    assert "a: procedure diagnostic_block -> rfa" in out
    assert "diagnostic_block (2 charts)" in out
