"""Loads and validates nlp_rules/criteria/*.toml: titles, applicability, thresholds."""

from __future__ import annotations

import tomllib
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from extractor.vocabulary import CRITERION_IDS, CriterionId, Procedure
from nlp_rules import resource


class CriterionSpec(BaseModel):
    """One criterion's data: what it is, where it applies, its thresholds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: CriterionId
    title: str
    source: str
    applies_to: list[Procedure]
    look_for: str
    thresholds: dict[str, float | int | str | list[str]] = Field(default_factory=dict)
    required_blocks: dict[str, int] = Field(default_factory=dict)
    caps: dict[str, int] = Field(default_factory=dict)

    def number(self, key: str) -> float:
        """Returns a numeric threshold (KeyError names the missing key)."""
        value = self.thresholds[key]
        if not isinstance(value, int | float):
            raise TypeError(f"{self.criterion}.{key} is not a number")
        return float(value)

    def strings(self, key: str) -> list[str]:
        """Returns a list-of-strings threshold."""
        value = self.thresholds[key]
        if not isinstance(value, list):
            raise TypeError(f"{self.criterion}.{key} is not a list")
        return value


class Catalogue(BaseModel):
    """Every criterion of the spec, in spec order."""

    model_config = ConfigDict(frozen=True)

    criteria: dict[CriterionId, CriterionSpec]

    @model_validator(mode="after")
    def _complete(self) -> Catalogue:
        missing = set(CRITERION_IDS) - set(self.criteria)
        if missing:
            raise ValueError(f"criteria files missing for {sorted(missing)}")
        return self

    def __getitem__(self, criterion: CriterionId) -> CriterionSpec:
        return self.criteria[criterion]


@cache
def load_catalogue() -> Catalogue:
    """Returns the validated catalogue from nlp_rules/criteria/."""
    specs: dict[CriterionId, CriterionSpec] = {}
    for criterion in CRITERION_IDS:
        text = resource("criteria", f"{criterion}.toml").read_text(encoding="utf-8")
        specs[criterion] = CriterionSpec.model_validate(tomllib.loads(text))
    return Catalogue(criteria=specs)
