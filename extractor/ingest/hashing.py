"""The source-file record: name, hash, type."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from extractor.models import SourceFile


def describe_source(
    path: Path, data: bytes, mimetype: Literal["application/pdf", "text/plain"]
) -> SourceFile:
    """Returns the `SourceFile` for `path` whose bytes are `data`."""
    return SourceFile(
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        mimetype=mimetype,
        size_bytes=len(data),
    )
