"""Checklist JSON and its published JSON Schema.

`python -m extractor.export` rewrites extractor/schemas/checklist.json; a test fails when the
committed schema is stale.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from extractor.models import Checklist

SCHEMA_FILE = "checklist.schema.json"


def to_json(checklist: Checklist) -> str:
    """Returns the checklist as indented JSON."""
    return checklist.model_dump_json(indent=2)


def checklist_schema() -> dict[str, object]:
    """Returns the JSON Schema of the checklist export (validation mode)."""
    schema = Checklist.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "facet-review.checklist.schema.json"
    return schema


def schema_json() -> str:
    """Returns the schema as the exact text committed in extractor/schemas/."""
    return json.dumps(checklist_schema(), indent=2, sort_keys=True) + "\n"


def schema_path() -> Path:
    """Returns the path of the committed schema file inside the package."""
    return Path(str(files("extractor").joinpath("schemas", SCHEMA_FILE)))


def write_schema() -> Path:
    """Writes the schema file and returns its path."""
    path = schema_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_json(), encoding="utf-8")
    return path


if __name__ == "__main__":
    write_schema()
