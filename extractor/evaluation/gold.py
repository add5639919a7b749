"""Gold label files: the format, its validation, and finding the charts of a gold directory.

A chart is either one file `<set>/<chart_id>.txt` (or `.pdf`) with `<set>/<chart_id>.gold.json`
beside it, or a directory `<set>/<chart_id>/` holding the chart's files and a `gold.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extractor.vocabulary import (
    CRITERION_IDS,
    ContextFlag,
    CriterionId,
    Procedure,
    Region,
    Status,
)

GOLD_SUFFIX = ".gold.json"
GOLD_NAME = "gold.json"
CHART_SUFFIXES = (".txt", ".pdf")
DECISIVE_STATUSES: frozenset[Status] = frozenset({"met", "not_met", "not_applicable"})


class GoldError(Exception):
    """A gold file cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class _Strict(BaseModel):
    """Base for gold models: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class GoldCriterion(_Strict):
    """The accepted statuses of one criterion and why."""

    status: list[Status] = Field(min_length=1, description="accepted statuses, preferred first")
    reason: str = ""

    @field_validator("status")
    @classmethod
    def _unique(cls, value: list[Status]) -> list[Status]:
        if len(set(value)) != len(value):
            raise ValueError(f"status lists a value twice: {value}")
        return value

    @property
    def decisive(self) -> bool:
        """True when every accepted status is decisive (met, not_met, not_applicable)."""
        return all(status in DECISIVE_STATUSES for status in self.status)


class GoldEvidence(_Strict):
    """A phrase of the chart with the ConText flags the engine should give it."""

    criterion: CriterionId
    text: str = Field(min_length=1)
    flags: list[ContextFlag] = Field(default_factory=list)
    file: str | None = Field(default=None, description="chart file holding the text; any if None")


class GoldChart(_Strict):
    """The contents of a gold file."""

    chart: str = Field(min_length=1)
    files: list[str] | None = None
    procedure: Procedure
    region: Region
    provenance: str = ""
    criteria: dict[CriterionId, GoldCriterion]
    evidence: list[GoldEvidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> GoldChart:
        missing = [cid for cid in CRITERION_IDS if cid not in self.criteria]
        if missing:
            raise ValueError(f"criteria missing: {', '.join(missing)}")
        if self.files is not None and not self.files:
            raise ValueError("files is empty: leave it out to take the chart's files")
        return self


class GoldCase(BaseModel):
    """A gold chart located on disk: its labels, its gold file and its chart files."""

    model_config = ConfigDict(frozen=True)

    chart_id: str
    gold_path: Path
    paths: list[Path]
    gold: GoldChart


def parse_gold(path: Path) -> GoldChart:
    """Returns the validated contents of the gold file at `path`.

    Raises:
        GoldError: the file is missing, not JSON, or does not follow the gold format.
    """
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as err:
        raise GoldError(path, "file not found") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GoldError(path, f"not valid JSON: {err}") from err
    try:
        return GoldChart.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or '(root)'}: {item['msg']}"
            for item in err.errors()
        )
        raise GoldError(path, problems) from err


def _chart_files(directory: Path) -> list[Path]:
    return sorted(
        p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in CHART_SUFFIXES
    )


def load_case(gold_path: Path) -> GoldCase:
    """Returns the gold chart whose label file is `gold_path`, with its chart files resolved.

    Raises:
        GoldError: the gold file is invalid, names another chart, or its chart files are missing.
    """
    gold_path = Path(gold_path)
    gold = parse_gold(gold_path)
    if gold_path.name == GOLD_NAME:
        chart_id = gold_path.parent.name
        base = gold_path.parent
    else:
        chart_id = gold_path.name[: -len(GOLD_SUFFIX)]
        base = gold_path.parent
    if gold.chart != chart_id:
        raise GoldError(gold_path, f"chart is {gold.chart!r} but the file belongs to {chart_id!r}")
    if gold.files is not None:
        paths = [base / name for name in gold.files]
    elif gold_path.name == GOLD_NAME:
        paths = _chart_files(base)
    else:
        paths = [base / f"{chart_id}{suffix}" for suffix in CHART_SUFFIXES]
        paths = [p for p in paths if p.is_file()][:1]
    if not paths:
        raise GoldError(gold_path, "no chart file (.txt or .pdf) found for it")
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise GoldError(gold_path, f"chart file(s) not found: {', '.join(missing)}")
    return GoldCase(chart_id=chart_id, gold_path=gold_path, paths=paths, gold=gold)


def find_gold_files(gold_dir: Path) -> list[Path]:
    """Returns the gold files of a gold directory, sorted by chart id.

    Looks at `<gold_dir>/*.gold.json` and `<gold_dir>/*/gold.json`; `gold_dir` may itself be a
    chart directory holding a `gold.json`.
    """
    gold_dir = Path(gold_dir)
    if (gold_dir / GOLD_NAME).is_file():
        return [gold_dir / GOLD_NAME]
    found = list(gold_dir.glob(f"*{GOLD_SUFFIX}")) + list(gold_dir.glob(f"*/{GOLD_NAME}"))

    def chart_key(path: Path) -> str:
        return path.parent.name if path.name == GOLD_NAME else path.name[: -len(GOLD_SUFFIX)]

    return sorted(found, key=chart_key)


def unlabelled_charts(gold_dir: Path) -> list[str]:
    """Returns the names of chart files or directories in `gold_dir` that have no gold file."""
    gold_dir = Path(gold_dir)
    if (gold_dir / GOLD_NAME).is_file() or not gold_dir.is_dir():
        return []
    labelled_files: set[str] = set()
    for gold_path in gold_dir.glob(f"*{GOLD_SUFFIX}"):
        chart_id = gold_path.name[: -len(GOLD_SUFFIX)]
        labelled_files.add(chart_id)
        try:
            files = json.loads(gold_path.read_text(encoding="utf-8-sig")).get("files") or []
        except (OSError, ValueError, AttributeError):
            files = []
        labelled_files.update(Path(str(name)).stem for name in files)
    names = []
    for entry in sorted(gold_dir.iterdir()):
        if entry.is_dir() and not (entry / GOLD_NAME).is_file() and _chart_files(entry):
            names.append(entry.name + "/")
        elif (
            entry.is_file()
            and entry.suffix.lower() in CHART_SUFFIXES
            and entry.stem not in labelled_files
        ):
            names.append(entry.name)
    return names


def pdf_variant(case: GoldCase, pdf_dir: Path) -> list[Path] | None:
    """Returns the PDF rendering of a chart in `pdf_dir`, or None when there is none.

    Looks for `<pdf_dir>/<chart_id>.pdf` (the whole chart as one PDF), then for one PDF per chart
    file: `<pdf_dir>/<chart_id>/<file stem>.pdf`. A chart file that is already a PDF is kept.
    """
    pdf_dir = Path(pdf_dir)
    whole = pdf_dir / f"{case.chart_id}.pdf"
    if whole.is_file():
        return [whole]
    per_file: list[Path] = []
    for path in case.paths:
        if path.suffix.lower() == ".pdf":
            per_file.append(path)
            continue
        candidate = pdf_dir / case.chart_id / f"{path.stem}.pdf"
        if not candidate.is_file():
            return None
        per_file.append(candidate)
    if all(p in case.paths for p in per_file):
        return None
    return per_file
