"""Fixtures for evaluation tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .factories import gold_payload

GoldWriter = Callable[..., Path]


@pytest.fixture
def write_chart(tmp_path: Path) -> GoldWriter:
    """Writes `<corpus>/<chart>.txt` + `<chart>.gold.json` and returns the corpus directory."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()

    def write(chart: str, text: str = "Low back pain 7/10 x 2 years.\n", **kwargs: Any) -> Path:
        (corpus / f"{chart}.txt").write_text(text, encoding="utf-8")
        payload = gold_payload(chart, **kwargs)
        (corpus / f"{chart}.gold.json").write_text(json.dumps(payload), encoding="utf-8")
        return corpus

    return write
