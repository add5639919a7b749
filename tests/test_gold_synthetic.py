"""The labelled synthetic corpus (corpora/synthetic) keeps its gold format and its coverage.

Gold format: corpora/README.md. These tests fail when a chart or label regresses.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from extractor.vocabulary import (
    CONTEXT_FLAGS,
    CRITERION_IDS,
    PROCEDURES,
    REGIONS,
    STATUSES,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "synthetic"
GENERAL = (
    "axial_pain",
    "pain_duration",
    "conservative_care_failed",
    "no_untreated_radiculopathy",
    "non_facet_pathology_ruled_out",
    "pain_scale_documented",
)
# Every status a criterion can take somewhere in the corpus (criteria.md).
POSSIBLE: dict[str, tuple[str, ...]] = {
    **{cid: ("met", "not_met", "insufficient") for cid in GENERAL},
    "pain_scale_documented": ("met", "insufficient"),
    "prior_diagnostic_relief": ("met", "not_met", "insufficient", "not_applicable"),
    "repeat_procedure_relief": ("met", "not_met", "insufficient", "not_applicable"),
    "rfa_not_suitable_documented": ("met", "insufficient", "not_applicable"),
    "levels_within_limit": ("met", "not_met", "insufficient"),
    "image_guidance": ("met", "not_met", "insufficient", "not_applicable"),
    "sedation_justified": ("met", "not_met", "insufficient", "not_applicable"),
    "session_frequency": ("met", "not_met", "insufficient", "not_applicable"),
}
MIN_PER_STATUS = 3
MIN_CHARTS = 60
DATE_LINE = re.compile(
    r"\b(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{1,2}, \d{4})\b"
)


def _gold_files() -> list[Path]:
    return sorted(CORPUS.glob("*.gold.json")) + sorted(CORPUS.glob("*/gold.json"))


def _chart_dir(gold_path: Path) -> Path:
    return gold_path.parent


def _load(gold_path: Path) -> dict[str, Any]:
    return json.loads(gold_path.read_text(encoding="utf-8"))


def _statuses(gold: dict[str, Any], cid: str) -> list[str]:
    return list(gold["criteria"][cid]["status"])


GOLDS = _gold_files()


def test_corpus_is_large_enough() -> None:
    assert len(GOLDS) >= MIN_CHARTS


def test_no_orphan_chart_files() -> None:
    """Every top-level .txt has a gold file, every chart directory has a gold.json."""
    for txt in CORPUS.glob("*.txt"):
        assert txt.with_name(f"{txt.stem}.gold.json").exists(), txt.name
    for sub in CORPUS.iterdir():
        if sub.is_dir() and any(sub.glob("*.txt")):
            assert (sub / "gold.json").exists(), sub.name


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.parent.name if p.name ==
                         "gold.json" else p.name.removesuffix(".gold.json"))
def test_gold_file_is_valid(gold_path: Path) -> None:
    gold = _load(gold_path)
    assert set(gold) <= {"chart", "files", "procedure", "region", "provenance", "criteria",
                         "evidence"}
    if gold_path.name == "gold.json":
        assert gold["chart"] == gold_path.parent.name
        chart_txts = sorted(p.name for p in gold_path.parent.glob("*.txt"))
        assert sorted(gold["files"]) == chart_txts
    else:
        assert gold["chart"] == gold_path.name.removesuffix(".gold.json")
        assert gold["files"] == [f"{gold['chart']}.txt"]
    assert gold["procedure"] in PROCEDURES
    assert gold["region"] in REGIONS
    assert gold["provenance"].startswith("synthetic")

    texts = {}
    for name in gold["files"]:
        path = _chart_dir(gold_path) / name
        assert path.is_file(), name
        texts[name] = path.read_text(encoding="utf-8")
        assert DATE_LINE.search(texts[name]), f"{name}: no date line"

    criteria = gold["criteria"]
    assert list(criteria) == list(CRITERION_IDS)
    for cid, entry in criteria.items():
        assert set(entry) == {"status", "reason"}, cid
        assert isinstance(entry["status"], list) and 1 <= len(entry["status"]) <= 2, cid
        assert len(set(entry["status"])) == len(entry["status"]), cid
        assert set(entry["status"]) <= set(STATUSES), cid
        assert set(entry["status"]) <= set(POSSIBLE[cid]), (cid, entry["status"])
        assert isinstance(entry["reason"], str) and entry["reason"].strip(), cid

    for item in gold.get("evidence", []):
        assert set(item) == {"criterion", "text", "flags"}
        assert item["criterion"] in CRITERION_IDS
        assert set(item["flags"]) <= set(CONTEXT_FLAGS)
        assert any(item["text"] in text for text in texts.values()), item["text"]


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.parent.name if p.name ==
                         "gold.json" else p.name.removesuffix(".gold.json"))
def test_applicability_follows_the_spec(gold_path: Path) -> None:
    gold = _load(gold_path)
    procedure = gold["procedure"]

    def only_na(cid: str) -> bool:
        return _statuses(gold, cid) == ["not_applicable"]

    def never_na(cid: str) -> bool:
        return "not_applicable" not in _statuses(gold, cid)

    for cid in (*GENERAL, "levels_within_limit"):
        assert never_na(cid), cid
    if procedure in ("confirmatory_block", "therapeutic_injection", "rfa"):
        assert never_na("prior_diagnostic_relief")
    else:
        assert only_na("prior_diagnostic_relief")
    if procedure == "therapeutic_injection":
        assert never_na("rfa_not_suitable_documented")
    else:
        assert only_na("rfa_not_suitable_documented")
    if procedure == "repeat_rfa":
        assert never_na("repeat_procedure_relief")
    elif procedure != "therapeutic_injection":
        assert only_na("repeat_procedure_relief")


def test_coverage_every_criterion_in_every_status() -> None:
    """Each criterion takes each of its possible statuses in >= 3 charts (single-status labels)."""
    counts: Counter[tuple[str, str]] = Counter()
    for gold_path in GOLDS:
        gold = _load(gold_path)
        for cid in CRITERION_IDS:
            statuses = _statuses(gold, cid)
            if len(statuses) == 1:
                counts[(cid, statuses[0])] += 1
    missing = {
        f"{cid}:{status}": counts[(cid, status)]
        for cid, statuses in POSSIBLE.items()
        for status in statuses
        if counts[(cid, status)] < MIN_PER_STATUS
    }
    assert not missing, f"under-covered (need {MIN_PER_STATUS}): {missing}"


def test_coverage_regions_and_procedures() -> None:
    golds = [_load(p) for p in GOLDS]
    regions = Counter(g["region"] for g in golds)
    procedures = Counter(g["procedure"] for g in golds)
    assert set(regions) == set(REGIONS)
    assert min(regions.values()) >= 10
    assert set(procedures) == set(PROCEDURES)
    assert min(procedures.values()) >= MIN_PER_STATUS


def test_corpus_mixes_single_file_and_multi_file_charts() -> None:
    multi = [p for p in GOLDS if p.name == "gold.json" and len(_load(p)["files"]) > 1]
    single = [p for p in GOLDS if p.name != "gold.json"]
    assert len(multi) >= 15
    assert len(single) >= 15


def test_demo_chart_is_all_met() -> None:
    gold = _load(CORPUS / "sample_lumbar_rfa" / "gold.json")
    assert gold["procedure"] == "rfa"
    assert gold["region"] == "lumbar_sacral"
    assert len(gold["files"]) >= 2
    for cid in CRITERION_IDS:
        assert set(_statuses(gold, cid)) <= {"met", "not_applicable"}, cid
