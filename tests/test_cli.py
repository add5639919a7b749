"""The command line, run as a user runs it: exit codes, one-line errors, JSON that validates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from extractor.cli import main
from extractor.export import checklist_schema
from extractor.vocabulary import CRITERION_IDS, STATUSES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "synthetic" / "sample_lumbar_rfa"


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLE.iterdir() if p.suffix == ".txt")


def test_check_text_summary_lists_every_criterion(capsys):
    assert main(["check", *map(str, sample_files())]) == 0
    out = capsys.readouterr().out
    for criterion in CRITERION_IDS:
        assert criterion in out
    assert "Overall:" in out


def test_check_json_validates_against_the_published_schema(capsys):
    assert main(["check", "--format", "json", *map(str, sample_files())]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, checklist_schema())
    assert [c["id"] for c in data["criteria"]] == list(CRITERION_IDS)
    assert {c["status"] for c in data["criteria"]} <= set(STATUSES)


def test_evidence_offsets_give_back_the_text_of_the_file(capsys):
    files = sample_files()
    assert main(["check", "--format", "json", *map(str, files)]) == 0
    data = json.loads(capsys.readouterr().out)
    texts = {p.name: p.read_text(encoding="utf-8") for p in files}
    evidence = [e for c in data["criteria"] for e in c["evidence"]]
    assert evidence
    for item in evidence:
        assert texts[item["source"]][item["start"]:item["end"]] == item["text"]
        assert item["rule_id"] and item["page"] == 1


def test_given_procedure_and_region_are_reported_as_given(capsys):
    args = ["check", "--format", "json", "--procedure", "rfa", "--region", "lumbar_sacral"]
    assert main([*args, *map(str, sample_files())]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["procedure"], data["procedure_source"]) == ("rfa", "given")
    assert (data["region"], data["region_source"]) == ("lumbar_sacral", "given")


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("empty.txt", b"", "empty"),
    ("missing.txt", None, "not found"),
])
def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path, capsys, name, content,
                                                          problem):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert name in err and problem in err


def test_schema_command_prints_the_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Checklist"


def test_console_script_runs_without_traceback_on_a_bad_file(tmp_path):
    bad = tmp_path / "fake.pdf"
    bad.write_bytes(b"this is not a pdf")
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "check", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "fake.pdf" in done.stderr
