"""Error reports safe for logs: exception type and code locations, never the message.

Exception messages can quote chart text (a pydantic error repeats its input), so the review
screen logs only where it failed.
"""

from __future__ import annotations

import traceback


def describe_failure(error: BaseException) -> str:
    """Returns 'TypeName at file.py:12 in func <- file.py:40 in caller' (innermost first)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}"
                        for f in reversed(frames[-8:]))
    return f"{type(error).__name__} at {where or 'unknown location'}"
