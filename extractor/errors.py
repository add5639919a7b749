"""Errors a user can act on: one line naming the file and the problem, never patient text."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A chart file cannot be read; the message is one line naming the file and what to do."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")
