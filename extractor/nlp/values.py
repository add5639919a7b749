"""Typed value parsers, referenced by name from target rules (`"value": "pain_score"`).

The regexes live in nlp_rules/values.toml; this module only turns their named groups into the
typed values of `extractor.models`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator
from functools import cache

from extractor.models import (
    Code,
    DateValue,
    DisabilityScore,
    Duration,
    Levels,
    PainScore,
    Relief,
    Value,
)
from extractor.vocabulary import Region
from nlp_rules.schema import value_patterns

_SEASON_MONTH = {"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1}
_HOURS = {"min": 1 / 60, "minute": 1 / 60, "hour": 1, "hr": 1, "h": 1, "day": 24, "week": 168,
          "wk": 168, "month": 730, "mo": 730, "year": 8760, "yr": 8760}
# OCR reads 1 as l or I and 0 as O: "L5-Sl", "7/1O"
_OCR_DIGITS = str.maketrans("lIO", "110")
_DISABILITY_NAMES = {"oswestry": "ODI", "neck disability": "NDI", "rmdq": "Roland-Morris",
                     "roland-morris": "Roland-Morris", "roland morris": "Roland-Morris"}


@cache
def _compiled(name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in value_patterns().patterns[name])


def _matches(name: str, text: str) -> Iterator[re.Match[str]]:
    for pattern in _compiled(name):
        yield from pattern.finditer(text)


def _first(name: str, text: str) -> re.Match[str] | None:
    """Returns the leftmost match of any of the named patterns (earlier patterns win ties)."""
    found = [m for m in (p.search(text) for p in _compiled(name)) if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def _number(word: str) -> float | None:
    word = word.lower().strip()
    try:
        return float(word)
    except ValueError:
        return value_patterns().numbers.get(word)


def _unit_months(unit: str) -> float:
    return value_patterns().unit_months.get(unit.lower().rstrip("s"), 1.0)


def months_between(earlier: dt.date, later: dt.date) -> float:
    """Returns whole-and-fractional months from `earlier` to `later`."""
    return (later.year - earlier.year) * 12 + (later.month - earlier.month) + (
        later.day - earlier.day
    ) / 30


def parse_onset(text: str) -> dt.date | None:
    """Returns the onset date named in `text` ("since March 2024", "since 2019")."""
    table = value_patterns().months
    match = _first("onset", text)
    if match is None:
        return None
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month"):
        return dt.date(year, table[groups["month"][:3].lower()], 1)
    if groups.get("season"):
        return dt.date(year, _SEASON_MONTH[groups["season"].lower()], 1)
    if groups.get("mon") and 1 <= int(groups["mon"]) <= 12:
        return dt.date(year, int(groups["mon"]), 1)
    return dt.date(year, 1, 1)


def parse_duration(text: str, note_date: dt.date | None, tags: dict[str, str]) -> Duration | None:
    """Returns how long the pain has lasted from a duration phrase or an onset date."""
    if "qualitative" in tags:
        return Duration(qualitative=tags["qualitative"])
    if tags.get("onset") == "date":
        onset = parse_onset(text)
        if onset is None:
            return None
        months = months_between(onset, note_date) if note_date else None
        return Duration(months=None if months is None else round(months, 1), onset=onset)
    match = _first("duration", text)
    if match is None:
        return None
    number = _number(match.groupdict().get("number") or "one")  # "the past year" = one year
    if number is None:
        return None
    return Duration(months=round(number * _unit_months(match["unit"]), 2))


def parse_pain_score(text: str) -> PainScore | None:
    """Returns the pain score in `text` ("7/10", "4-5/10", "VAS 70 mm", "rated as a 6")."""
    match = _first("pain_score", text)
    if match is None:
        return None
    groups = match.groupdict()
    value = _number(groups["value"])
    high = _number(groups["high"]) if groups.get("high") else None
    if value is None:
        return None
    scale = (groups.get("scale") or "NRS").upper()
    text_of_match = match.group(0).lower()
    hundred = "mm" in text_of_match or "/100" in text_of_match
    out_of = float((groups.get("out_of") or ("100" if hundred else "10")).translate(_OCR_DIGITS))
    if scale.startswith("PAIN") or scale.startswith("RATE"):
        scale = "NRS"
    if value > out_of or (high is not None and high > out_of):
        return None
    return PainScore(scale=scale, value=value, high=high, out_of=out_of)


def parse_disability(text: str) -> DisabilityScore | None:
    """Returns a disability index value ("ODI 42%", "ODI 34/50 = 68 %", "NDI 28")."""
    match = _first("disability_score", text)
    if match is None:
        return None
    groups = match.groupdict()
    raw = groups["scale"].lower()
    scale = _DISABILITY_NAMES.get(raw, raw.upper())
    value = float(groups["value"])
    out_of = float(groups["out_of"]) if groups.get("out_of") else None
    percent = None
    if groups.get("eq"):
        percent = float(groups["eq"])
    elif groups.get("pct"):
        percent = value
    elif out_of:
        percent = round(100 * value / out_of, 1)
    return DisabilityScore(scale=scale, value=value, out_of=out_of, percent=percent)


def parse_relief(text: str, tags: dict[str, str]) -> Relief:
    """Returns relief: percent (range -> low end), NRS before/after, and duration in hours."""
    percent: float | None = None
    match = _first("relief_percent", text)
    if match is not None:
        groups = match.groupdict()
        percent = float(groups["low"]) if groups.get("low") else float(groups["value"])
    pre = post = None
    scores = _first("relief_scores", text)
    if scores is not None:
        pre, post = float(scores["pre"]), float(scores["post"])
        if percent is None and 0 < pre <= 10 and post <= pre:
            percent = round(100 * (pre - post) / pre)
    if percent is None and "percent" in tags:
        percent = float(tags["percent"])
    hours = None
    duration = _first("relief_duration", text)
    if duration is not None:
        number = _number(duration["number"])
        unit = duration["unit"].lower().rstrip("s")
        if number is not None:
            hours = number * _HOURS.get(unit, 1)
    return Relief(
        percent=percent,
        qualitative=tags.get("qualitative"),
        duration_hours=hours,
        pre_score=pre,
        post_score=post,
    )


def _region_of(letter: str) -> Region:
    return "cervical_thoracic" if letter.upper() in "CT" else "lumbar_sacral"


def parse_levels(text: str) -> Levels | None:
    """Returns the facet joints named: "L4-5 and L5-S1" -> 2, "L3, L4, L5 medial branches" -> 2."""
    joints: list[str] = []
    for match in _matches("level", text):
        g = match.groupdict()
        upper = f"{g['r1'].upper()}{g['n1']}"
        lower = f"{(g['r2'] or g['r1']).upper()}{g['n2'].translate(_OCR_DIGITS)}"
        joint = f"{upper}-{lower}"
        if joint not in joints:
            joints.append(joint)
    if not joints:
        # medial branch nerves: n consecutive nerves supply n-1 joints
        nerves = [f"{m['r'].upper()}{m['n']}" for m in _matches("vertebra", text)]
        nerves = list(dict.fromkeys(nerves))
        if not nerves:
            return None
        joints = [f"{a}-{b}" for a, b in itertools.pairwise(nerves)] or nerves
    return Levels(levels=joints, count=len(joints), region=_region_of(joints[0][0]))


def parse_cpt(text: str) -> Code | None:
    """Returns the CPT code in `text`."""
    match = _first("cpt", text)
    return None if match is None else Code(code=match["code"])


def parse_date(text: str) -> DateValue | None:
    """Returns the first calendar date in `text` (US month/day order)."""
    table = value_patterns().months
    for match in _matches("date", text):
        g = match.groupdict()
        try:
            month = table[g["month"][:3].lower()] if g.get("month") else int(g["mon"])
            year = int(g["year"])
            year = year + 2000 if year < 100 else year
            day = int(g["day"]) if g.get("day") else 1
            return DateValue(date=dt.date(year, month, day))
        except (ValueError, KeyError):
            continue
    return None


def parse_functional(text: str) -> Relief | None:
    """Returns the improvement on a disability scale ("ODI from 50% to 22%" -> 56%)."""
    match = _first("functional_change", text)
    if match is None:
        return None
    pre, post = float(match["pre"]), float(match["post"])
    if pre <= 0 or post > pre:
        return None
    duration = _first("relief_duration", text)
    hours = None
    if duration is not None and (number := _number(duration["number"])) is not None:
        hours = number * _HOURS.get(duration["unit"].lower().rstrip("s"), 1)
    return Relief(percent=round(100 * (pre - post) / pre), qualitative="functional",
                  duration_hours=hours, pre_score=pre, post_score=post)


Parser = Callable[[str, dt.date | None, dict[str, str]], Value | None]

PARSERS: dict[str, Parser] = {
    "duration": parse_duration,
    "pain_score": lambda text, _d, _t: parse_pain_score(text),
    "disability_score": lambda text, _d, _t: parse_disability(text),
    "relief": lambda text, _d, tags: parse_relief(text, tags),
    "functional": lambda text, _d, _t: parse_functional(text),
    "levels": lambda text, _d, _t: parse_levels(text),
    "cpt": lambda text, _d, _t: parse_cpt(text),
    "date": lambda text, _d, _t: parse_date(text),
}


def parse_value(
    name: str, text: str, note_date: dt.date | None, tags: dict[str, str]
) -> Value | None:
    """Returns the typed value the parser `name` reads from `text` (None when it reads nothing)."""
    return PARSERS[name](text, note_date, tags)
