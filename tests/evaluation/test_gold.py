from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluation.gold import (
    GoldError,
    find_gold_files,
    load_case,
    parse_gold,
    pdf_variant,
    unlabelled_charts,
)
from extractor.vocabulary import CRITERION_IDS

from .factories import gold_payload


def dump(path: Path, payload: Any) -> Path:
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_parse_good_gold(tmp_path: Path) -> None:
    payload = gold_payload(
        "c1",
        {"pain_duration": ["insufficient", "met"]},
        procedure="rfa",
        files=["c1.txt"],
        evidence=[{"criterion": "axial_pain", "text": "no leg pain", "flags": ["negated"]}],
    )
    gold = parse_gold(dump(tmp_path / "c1.gold.json", payload))
    assert gold.procedure == "rfa"
    assert set(gold.criteria) == set(CRITERION_IDS)
    assert gold.criteria["pain_duration"].status == ["insufficient", "met"]
    assert not gold.criteria["pain_duration"].decisive
    assert gold.criteria["axial_pain"].decisive
    assert gold.evidence[0].flags == ["negated"]


def _mutations() -> list[tuple[str, Any]]:
    def top(key: str, value: Any) -> Any:
        def mutate(p: dict[str, Any]) -> None:
            p[key] = value

        return mutate

    def crit(cid: str, value: Any) -> Any:
        def mutate(p: dict[str, Any]) -> None:
            p["criteria"][cid] = value

        return mutate

    def drop(cid: str) -> Any:
        def mutate(p: dict[str, Any]) -> None:
            del p["criteria"][cid]

        return mutate

    return [
        ("unknown top-level key", top("comment", "x")),
        ("unknown criterion key", crit("axial_pain", {"status": ["met"], "why": "x"})),
        ("unknown criterion id", crit("back_pain", {"status": ["met"]})),
        ("unknown status", crit("axial_pain", {"status": ["yes"]})),
        ("empty status list", crit("axial_pain", {"status": []})),
        ("duplicate status", crit("axial_pain", {"status": ["met", "met"]})),
        ("status not a list", crit("axial_pain", {"status": "met"})),
        ("missing criterion", drop("session_frequency")),
        ("bad procedure", top("procedure", "mbb")),
        ("bad region", top("region", "lumbar")),
        ("bad flag", top("evidence", [{"criterion": "axial_pain", "text": "x", "flags": ["neg"]}])),
        (
            "evidence unknown key",
            top("evidence", [{"criterion": "axial_pain", "text": "x", "y": 1}]),
        ),
        ("empty files", top("files", [])),
    ]


@pytest.mark.parametrize(("name", "mutate"), _mutations(), ids=[m[0] for m in _mutations()])
def test_bad_gold_is_rejected(tmp_path: Path, name: str, mutate: Any) -> None:
    payload = gold_payload("c1")
    mutate(payload)
    with pytest.raises(GoldError) as err:
        parse_gold(dump(tmp_path / "c1.gold.json", payload))
    assert "c1.gold.json" in str(err.value)


def test_not_json_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "c1.gold.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="not valid JSON"):
        parse_gold(path)


def test_single_file_chart_without_files(tmp_path: Path) -> None:
    (tmp_path / "c1.txt").write_text("x", encoding="utf-8")
    case = load_case(dump(tmp_path / "c1.gold.json", gold_payload("c1")))
    assert case.chart_id == "c1"
    assert case.paths == [tmp_path / "c1.txt"]


def test_directory_chart_takes_sorted_chart_files(tmp_path: Path) -> None:
    chart = tmp_path / "c2"
    chart.mkdir()
    for name in ("b_note.txt", "a_proc.pdf", "notes.md"):
        (chart / name).write_text("x", encoding="utf-8")
    case = load_case(dump(chart / "gold.json", gold_payload("c2")))
    assert [p.name for p in case.paths] == ["a_proc.pdf", "b_note.txt"]


def test_files_order_is_kept(tmp_path: Path) -> None:
    chart = tmp_path / "c2"
    chart.mkdir()
    for name in ("b.txt", "a.txt"):
        (chart / name).write_text("x", encoding="utf-8")
    case = load_case(dump(chart / "gold.json", gold_payload("c2", files=["b.txt", "a.txt"])))
    assert [p.name for p in case.paths] == ["b.txt", "a.txt"]


def test_missing_chart_file_and_wrong_chart_id(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match=r"not found: gone\.txt"):
        load_case(dump(tmp_path / "c1.gold.json", gold_payload("c1", files=["gone.txt"])))
    with pytest.raises(GoldError, match="no chart file"):
        load_case(dump(tmp_path / "c3.gold.json", gold_payload("c3")))
    (tmp_path / "c4.txt").write_text("x", encoding="utf-8")
    with pytest.raises(GoldError, match="belongs to 'c4'"):
        load_case(dump(tmp_path / "c4.gold.json", gold_payload("other")))


def test_find_gold_files_and_unlabelled(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    dump(tmp_path / "b" / "gold.json", gold_payload("b"))
    (tmp_path / "b" / "note.txt").write_text("x", encoding="utf-8")
    dump(tmp_path / "a.gold.json", gold_payload("a"))
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    dump(tmp_path / "c.gold.json", gold_payload("c"))
    (tmp_path / "lonely.txt").write_text("x", encoding="utf-8")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "note.txt").write_text("x", encoding="utf-8")
    found = find_gold_files(tmp_path)
    assert found == [
        tmp_path / "a.gold.json",
        tmp_path / "b" / "gold.json",
        tmp_path / "c.gold.json",
    ]
    assert unlabelled_charts(tmp_path) == ["d/", "lonely.txt"]
    assert find_gold_files(tmp_path / "b") == [tmp_path / "b" / "gold.json"]


def test_pdf_variant(tmp_path: Path) -> None:
    (tmp_path / "c1.txt").write_text("x", encoding="utf-8")
    single = load_case(dump(tmp_path / "c1.gold.json", gold_payload("c1")))
    chart = tmp_path / "c2"
    chart.mkdir()
    for name in ("a.txt", "b.txt"):
        (chart / name).write_text("x", encoding="utf-8")
    multi = load_case(dump(chart / "gold.json", gold_payload("c2")))
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    assert pdf_variant(single, pdfs) is None
    (pdfs / "c1.pdf").write_bytes(b"%PDF-1.4")
    assert pdf_variant(single, pdfs) == [pdfs / "c1.pdf"]
    (pdfs / "c2").mkdir()
    (pdfs / "c2" / "a.pdf").write_bytes(b"%PDF-1.4")
    assert pdf_variant(multi, pdfs) is None  # b has no rendering
    (pdfs / "c2" / "b.pdf").write_bytes(b"%PDF-1.4")
    assert pdf_variant(multi, pdfs) == [pdfs / "c2" / "a.pdf", pdfs / "c2" / "b.pdf"]
