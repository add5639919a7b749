"""Batch runs over a folder: one checklist per chart, a summary, bad charts listed not fatal."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from extractor.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_batch_checks_each_chart_and_lists_bad_ones(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("LBP 7/10 x 2 years. Failed PT. Plan L4-5 MBB.", "utf-8")
    chart_dir = folder / "b"
    chart_dir.mkdir()
    for src in (ROOT / "corpora" / "synthetic" / "sample_lumbar_rfa").glob("*.txt"):
        (chart_dir / src.name).write_text(src.read_text("utf-8"), "utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--out", str(out)]) == 0
    assert json.loads((out / "a.checklist.json").read_text())["schema_name"]
    assert json.loads((out / "b.checklist.json").read_text())["documents"][0]["name"]
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        rows = {row["chart"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"a", "b", "broken"}
    assert rows["broken"]["error"].startswith("broken.pdf:")
    assert rows["b"]["overall"] in {"met", "not_met", "insufficient"}
    assert "1 could not be read" in capsys.readouterr().out


def test_batch_on_a_missing_folder_exits_2(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "not a folder" in capsys.readouterr().err
