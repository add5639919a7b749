"""Errors a user can act on: one line naming the file and the problem, never patient text."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

InputErrorCode = Literal[
    "not_found",
    "unreadable",
    "empty",
    "too_large",
    "too_many_pages",
    "not_pdf",
    "not_text",
    "encrypted",
    "wrong_password",
    "damaged",
    "truncated",
    "timeout",
    "no_text",
    "scan_not_read",
    "internal",
]


class InputError(Exception):
    """A chart file cannot be read; the message is one line naming the file and what to do.

    Attributes:
        path: the file.
        problem: what is wrong and what to do, without the file name.
        code: a stable machine-readable kind ("encrypted" lets a screen ask for a password),
            or None when not classified.
    """

    def __init__(self, path: Path | str, problem: str, code: InputErrorCode | None = None) -> None:
        self.path = Path(path)
        self.problem = " ".join(problem.split())
        self.code = code
        super().__init__(f"{self.path.name}: {self.problem}")

    def __reduce__(self) -> tuple[type[InputError], tuple[Path, str, InputErrorCode | None]]:
        """Pickles by the constructor's arguments (the default would pass the message only)."""
        return (type(self), (self.path, self.problem, self.code))
