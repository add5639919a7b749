"""Typed value parsers: one table per parser."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.models import DisabilityScore, Duration, Levels, PainScore, Relief
from extractor.nlp.values import parse_value

NOTE = dt.date(2026, 3, 14)


@pytest.mark.parametrize(("text", "months"), [
    ("x 6 months", 6), ("for 2 years", 24), ("over ten years", 120), ("5+ yrs", 60),
    ("x 6 mo", 6), ("2 weeks", 0.46), ("6-month history", 6),
])
def test_duration_parser_months(text, months):
    value = parse_value("duration", text, NOTE, {})
    assert isinstance(value, Duration)
    assert value.months == pytest.approx(months, abs=0.01)


@pytest.mark.parametrize(("text", "months"), [
    ("since March 2024", 24.4), ("since the spring of 2025", 11.4), ("since 2019", 86.4),
    ("onset 10/2025", 5.4),
])
def test_onset_parser_computes_months_to_note_date(text, months):
    value = parse_value("duration", text, NOTE, {"onset": "date"})
    assert isinstance(value, Duration)
    assert value.months == pytest.approx(months, abs=0.2)


def test_onset_without_note_date_keeps_the_date_only():
    value = parse_value("duration", "since March 2024", None, {"onset": "date"})
    assert isinstance(value, Duration)
    assert value.onset == dt.date(2024, 3, 1) and value.months is None


@pytest.mark.parametrize(("text", "value", "high", "out_of"), [
    ("7/10", 7, None, 10), ("4-5/10", 4, 5, 10), ("6 out of 10", 6, None, 10),
    ("rated as a 6", 6, None, 10), ("VAS 70 mm", 70, None, 100), ("NRS: 8", 8, None, 10),
])
def test_pain_score_parser(text, value, high, out_of):
    score = parse_value("pain_score", text, None, {})
    assert isinstance(score, PainScore)
    assert (score.value, score.high, score.out_of) == (value, high, out_of)


def test_pain_score_out_of_range_is_rejected():
    assert parse_value("pain_score", "12/10", None, {}) is None


@pytest.mark.parametrize(("text", "scale", "percent"), [
    ("ODI 42%", "ODI", 42), ("ODI 34/50 = 68 %", "ODI", 68), ("Oswestry 40", "ODI", None),
    ("NDI 28/50", "NDI", 56),
])
def test_disability_parser(text, scale, percent):
    score = parse_value("disability_score", text, None, {})
    assert isinstance(score, DisabilityScore)
    assert score.scale == scale and score.percent == percent


@pytest.mark.parametrize(("text", "percent", "hours"), [
    ("86% relief x 6 hours", 86, 6), ("80-90% relief for about 7 hours", 80, 7),
    ("NRS 7 -> 1 lasting 5 hours", 86, 5), ("relief 90% for about 6 hrs", 90, 6),
    ("60% relief x 8 months", 60, 8 * 730),
])
def test_relief_parser(text, percent, hours):
    relief = parse_value("relief", text, None, {})
    assert isinstance(relief, Relief)
    assert relief.percent == percent
    assert relief.duration_hours == pytest.approx(hours)


@pytest.mark.parametrize(("text", "count", "levels"), [
    ("L4-5 and L5-S1", 2, ["L4-L5", "L5-S1"]), ("C5-6", 1, ["C5-C6"]),
    ("L3, L4 and L5 medial branches", 2, ["L3-L4", "L4-L5"]), ("T12-L1", 1, ["T12-L1"]),
])
def test_levels_parser_counts_joints(text, count, levels):
    value = parse_value("levels", text, None, {})
    assert isinstance(value, Levels)
    assert value.count == count and value.levels == levels


@pytest.mark.parametrize(("text", "levels"), [("L5-Sl", ["L5-S1"]), ("C7-Tl", ["C7-T1"])])
def test_levels_parser_tolerates_ocr_one_read_as_l(text, levels):
    value = parse_value("levels", text, None, {})
    assert isinstance(value, Levels) and value.levels == levels


def test_pain_score_tolerates_ocr_zero_read_as_o():
    score = parse_value("pain_score", "7/1O", None, {})
    assert isinstance(score, PainScore) and score.out_of == 10
