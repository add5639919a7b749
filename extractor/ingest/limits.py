"""Limits that keep ingest bounded in size, pages, time and memory (configurable, env overrides)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

logger = logging.getLogger(__name__)

_MB = 1024 * 1024

# environment variable -> IngestLimits field
ENV_VARS: dict[str, str] = {
    "FACET_MAX_MB": "max_mb",
    "FACET_MAX_TEXT_MB": "max_text_mb",
    "FACET_MAX_PAGES": "max_pages",
    "FACET_PAGE_TIMEOUT_S": "page_timeout_s",
    "FACET_OCR_TIMEOUT_S": "ocr_page_timeout_s",
    "FACET_TOTAL_TIMEOUT_S": "total_timeout_s",
    "FACET_MAX_MEMORY_MB": "max_memory_mb",
    "FACET_OCR_DPI": "ocr_dpi",
    "FACET_OCR": "ocr",
    "FACET_OCR_WORKERS": "ocr_workers",
}


class IngestLimits(BaseModel):
    """Bounds for reading one chart file; a file past a bound gets a clear `InputError`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_mb: float = Field(default=50, gt=0, description="largest file accepted, in MiB")
    max_text_mb: float = Field(default=10, gt=0, description="largest text file, in MiB")
    max_pages: int = Field(default=500, ge=1, description="most pages accepted in one PDF")
    open_timeout_s: float = Field(default=20, gt=0, description="time to open a PDF")
    page_timeout_s: float = Field(default=20, gt=0, description="time to read one page's text")
    ocr_page_timeout_s: float = Field(default=120, gt=0, description="time to OCR one page")
    total_timeout_s: float = Field(default=1800, gt=0, description="time for one whole file")
    max_memory_mb: int = Field(default=3072, ge=256, description="address space of the reader")
    max_restarts: int = Field(default=8, ge=0, description="damaged pages skipped before giving up")
    ocr: bool = Field(default=True, description="OCR pages that have no usable text layer")
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    ocr_workers: int = Field(
        default=0, ge=0, description="pages OCR'd at once; 0: one per idle core"
    )
    max_render_pixels: int = Field(default=40_000_000, ge=1_000_000)
    tesseract: str = Field(default="tesseract", description="Tesseract command or path")
    ocr_language: str = Field(default="eng")

    @property
    def max_bytes(self) -> int:
        """Returns the size limit in bytes."""
        return int(self.max_mb * _MB)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> IngestLimits:
        """Returns the defaults overridden by FACET_* variables (a bad value is logged, ignored)."""
        env = os.environ if environ is None else environ
        values: dict[str, str] = {}
        for var, field in ENV_VARS.items():
            if env.get(var, "").strip():
                values[field] = env[var].strip()
        if os.environ.get("FACET_TESSERACT") and environ is None:
            values["tesseract"] = os.environ["FACET_TESSERACT"]
        try:
            return cls.model_validate(values)
        except ValidationError as err:
            bad = sorted({str(e["loc"][0]) for e in err.errors() if e["loc"]})
            logger.warning("ignoring invalid ingest limit settings: %s", ", ".join(bad))
            good = {k: v for k, v in values.items() if k not in bad}
            return cls.model_validate(good)
