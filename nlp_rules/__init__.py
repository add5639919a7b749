"""Rule data for facet-review: target, ConText, section, value and criteria files.

Every file is validated against a pydantic model on load (`nlp_rules.schema`), so an unknown key or
a rule naming a criterion that does not exist fails at start-up, not silently at run time.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """Returns a rule file (or folder) shipped inside this package."""
    node = files(__name__)
    for part in parts:
        node = node.joinpath(part)
    return node
