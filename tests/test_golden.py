"""End-to-end golden checklists for a few synthetic charts.

A change in any decision, evidence sentence or trace shows up here as a diff. Regenerate on purpose
with `FACET_REGEN_GOLDEN=1 pytest tests/test_golden.py`, and read the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractor.service import review_chart

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
CHARTS = {
    "sample_lumbar_rfa": ("sample_lumbar_rfa", None, None),
    "syn_002": ("syn_002.txt", "diagnostic_block", "lumbar_sacral"),
    "syn_022": ("syn_022", "rfa", "lumbar_sacral"),
    "syn_025": ("syn_025.txt", None, None),
}
REGENERATE = os.environ.get("FACET_REGEN_GOLDEN") == "1"


def _files(entry: str) -> list[Path]:
    path = ROOT / "corpora" / "synthetic" / entry
    return sorted(p for p in path.iterdir() if p.suffix == ".txt") if path.is_dir() else [path]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_golden_checklist(name):
    entry, procedure, region = CHARTS[name]
    checklist = review_chart(_files(entry), procedure=procedure, region=region)
    actual = json.loads(checklist.model_dump_json())
    golden = GOLDEN / f"{name}.checklist.json"
    if REGENERATE:
        golden.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected


def test_golden_regeneration_is_off_in_ci():
    assert not (REGENERATE and os.environ.get("CI")), "FACET_REGEN_GOLDEN must not be set in CI"
