from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest import IngestLimits

from .pdfs import DATA


@pytest.fixture()
def data() -> Path:
    return DATA


@pytest.fixture()
def fast_limits() -> IngestLimits:
    """Tight budgets so a misbehaving file fails the test quickly."""
    return IngestLimits(open_timeout_s=10, page_timeout_s=10, total_timeout_s=60)
