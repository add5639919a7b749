"""Who the reviewer is: an OIDC login, a trusted proxy header, or a typed name, in that order.

The proxy header is trusted only when the deployment names it in $FACET_TRUSTED_USER_HEADER;
otherwise any client could send it (docs/deploy.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from extractor.review.models import Reviewer

TRUSTED_HEADER_ENV = "FACET_TRUSTED_USER_HEADER"
_OIDC_NAME_CLAIMS = ("email", "preferred_username", "name", "sub")


def trusted_header_from_env() -> str | None:
    """Returns the configured trusted identity header (e.g. X-Forwarded-User), if any."""
    return os.environ.get(TRUSTED_HEADER_ENV, "").strip() or None


def resolve_reviewer(
    user: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
    typed: str | None,
    trusted_header: str | None,
) -> Reviewer | None:
    """Returns the reviewer from the strongest identity present, or None when there is none.

    Args:
        user: the OIDC user info (`st.user`); used when `is_logged_in` is true.
        headers: the request headers; `trusted_header` is read only when configured.
        typed: a name typed in the app (the weakest source).
        trusted_header: the header an authenticating reverse proxy sets.
    """
    if user and user.get("is_logged_in"):
        for claim in _OIDC_NAME_CLAIMS:
            value = str(user.get(claim) or "").strip()
            if value:
                return Reviewer(name=value, source="oidc")
    if trusted_header and headers:
        wanted = trusted_header.lower()
        for name, value in headers.items():
            if name.lower() == wanted and value.strip():
                return Reviewer(name=value.strip(), source="proxy")
    if typed and typed.strip():
        return Reviewer(name=typed.strip(), source="typed")
    return None
