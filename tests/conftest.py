"""Shared fixtures: one engine per test session (building the pipeline takes ~1-2 s)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from extractor.engine import Engine, get_engine
from extractor.models import Checklist, Finding
from extractor.service import review_chart

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "corpora" / "synthetic"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return get_engine()


@pytest.fixture(scope="session")
def findings_of(engine: Engine, tmp_path_factory: pytest.TempPathFactory
                ) -> Callable[[str], list[Finding]]:
    """Runs the NLP layer on a snippet (written to a .txt file, ingested like any chart)."""
    folder = tmp_path_factory.mktemp("snippets")
    counter = iter(range(10**6))

    def run(text: str) -> list[Finding]:
        from extractor.ingest import load_document

        path = folder / f"snippet_{next(counter)}.txt"
        path.write_text(text, encoding="utf-8")
        return engine.findings([load_document(path)])

    return run


@pytest.fixture(scope="session")
def check_text(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Checklist]:
    """Checks a chart given as text (one file) with an optional procedure/region."""
    folder = tmp_path_factory.mktemp("charts")
    counter = iter(range(10**6))

    def run(text: str, procedure: str | None = None, region: str | None = None) -> Checklist:
        path = folder / f"chart_{next(counter)}.txt"
        path.write_text(text, encoding="utf-8")
        return review_chart([path], procedure=procedure, region=region)  # type: ignore[arg-type]

    return run
