"""Pydantic models of every rule file; loading validates, so bad rules fail at load time."""

from __future__ import annotations

import json
import re
import tomllib
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractor.vocabulary import CRITERION_IDS
from nlp_rules import resource

# Where a rule serves no single criterion it serves the frame (procedure/region/date detection).
FRAME = "frame"
# The spec's criterion ids, defined once in extractor.vocabulary (a leaf module with no imports).
CRITERIA = CRITERION_IDS
RegionName = Literal["cervical_thoracic", "lumbar_sacral"]


def _compiles(regex: str) -> None:
    """Raises ValueError (which pydantic reports) when `regex` does not compile."""
    try:
        re.compile(regex)
    except re.error as err:
        raise ValueError(f"regex {regex!r} does not compile: {err}") from err


def _pattern_compiles(pattern: Any) -> Any:
    """Validates a rule's pattern: a regex string must compile (token patterns pass through)."""
    if isinstance(pattern, str):
        _compiles(pattern)
    return pattern


class Strict(BaseModel):
    """Rejects unknown keys: medspaCy's `terminated_by` gap is why."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetRuleSpec(Strict):
    """One TargetMatcher rule: a literal, a token pattern or a regex, with its provenance."""

    id: str = Field(pattern=r"^[a-z_]+\.[a-z0-9_]+\.\d+$")
    label: str = Field(pattern=r"^[A-Z][A-Z_]+$")
    literal: str
    pattern: list[dict[str, Any]] | str | None = None
    region: RegionName | None = None
    value: str | None = Field(default=None, description="name of a value parser in values.toml")
    tags: dict[str, str] = Field(default_factory=dict)
    note: str | None = None

    @field_validator("pattern")
    @classmethod
    def _regex_compiles(cls, pattern: Any) -> Any:
        return _pattern_compiles(pattern)


class TargetFile(Strict):
    """targets/<criterion>.json: the rules serving one criterion (or the frame)."""

    criterion: str
    description: str
    rules: list[TargetRuleSpec]

    @model_validator(mode="after")
    def _criterion_exists(self) -> TargetFile:
        if self.criterion not in (*CRITERIA, FRAME):
            raise ValueError(f"unknown criterion {self.criterion!r}")
        for rule in self.rules:
            if rule.id.split(".")[0] != self.criterion:
                raise ValueError(f"rule id {rule.id} does not start with {self.criterion}")
        return self


class ContextRuleSpec(Strict):
    """One ConText modifier rule; `terminated_by` is accepted here (medspaCy's JSON rejects it)."""

    id: str
    literal: str
    category: str = Field(pattern=r"^[A-Z_]+$")
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
    pattern: list[dict[str, Any]] | str | None = None
    allowed_types: list[str] | None = None
    excluded_types: list[str] | None = None
    max_scope: int | None = Field(default=None, gt=0)
    max_targets: int | None = Field(default=None, gt=0)
    terminated_by: list[str] | None = None
    criterion: str = Field(description="criterion the rule serves, or 'all'")
    note: str | None = None

    @field_validator("pattern")
    @classmethod
    def _regex_compiles(cls, pattern: Any) -> Any:
        return _pattern_compiles(pattern)


class ContextFile(Strict):
    """context_rules.json: our ConText modifiers and which flag each category sets."""

    description: str
    flag_categories: dict[
        str, Literal["negated", "historical", "hypothetical", "family", "uncertain"]
    ]
    rules: list[ContextRuleSpec]


class SectionRuleSpec(Strict):
    """One Sectionizer header rule."""

    literal: str
    category: str
    pattern: list[dict[str, Any]] | str | None = None


class SectionFile(Strict):
    """sections.json: pain-clinic section headers and which sections set a ConText flag."""

    description: str
    flag_sections: dict[str, Literal["family", "historical", "hypothetical"]]
    procedure_sections: list[str]
    plan_sections: list[str]
    rules: list[SectionRuleSpec]


class ValuePatterns(Strict):
    """values.toml: named regexes (with named groups) used by the typed value parsers."""

    numbers: dict[str, float]
    months: dict[str, int]
    unit_months: dict[str, float]
    patterns: dict[str, list[str]]

    @field_validator("patterns")
    @classmethod
    def _compile(cls, patterns: dict[str, list[str]]) -> dict[str, list[str]]:
        for regexes in patterns.values():
            for regex in regexes:
                _compiles(regex)
        return patterns


class SentenceRules(Strict):
    """sentences.json: abbreviations whose period does not end a sentence."""

    description: str
    abbreviations: list[str]


def _load_json(*parts: str) -> Any:
    return json.loads(resource(*parts).read_text(encoding="utf-8"))


@cache
def target_files() -> tuple[TargetFile, ...]:
    """Returns every targets/*.json file, validated, sorted by name."""
    folder = resource("targets")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    return tuple(TargetFile.model_validate(_load_json("targets", name)) for name in names)


@cache
def context_file() -> ContextFile:
    """Returns the validated ConText rule file."""
    return ContextFile.model_validate(_load_json("context_rules.json"))


@cache
def section_file() -> SectionFile:
    """Returns the validated section rule file."""
    return SectionFile.model_validate(_load_json("sections.json"))


@cache
def sentence_rules() -> SentenceRules:
    """Returns the validated sentence-splitting rules."""
    return SentenceRules.model_validate(_load_json("sentences.json"))


@cache
def value_patterns() -> ValuePatterns:
    """Returns the validated value patterns."""
    return ValuePatterns.model_validate(tomllib.loads(resource("values.toml").read_text("utf-8")))
