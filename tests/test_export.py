"""The published JSON Schema stays in step with the models."""

from __future__ import annotations

from extractor.export import schema_json, schema_path


def test_committed_schema_is_current():
    assert schema_path().read_text(encoding="utf-8") == schema_json(), (
        "extractor/schemas/checklist.schema.json is stale: run `python -m extractor.export`"
    )


def test_schema_names_the_format_and_version():
    text = schema_path().read_text(encoding="utf-8")
    assert "facet-review.checklist" in text and "schema_version" in text
