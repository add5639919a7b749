from __future__ import annotations

import pytest

from extractor.review.identity import resolve_reviewer, trusted_header_from_env
from extractor.review.models import Reviewer

HEADERS = {"X-Forwarded-User": "proxy.user@example.org", "Host": "x"}


def test_identity_oidc_wins() -> None:
    user = {"is_logged_in": True, "email": "oidc@example.org", "name": "O"}
    assert resolve_reviewer(user, HEADERS, "typed", "X-Forwarded-User") == Reviewer(
        name="oidc@example.org", source="oidc")


def test_identity_not_logged_in_falls_back_to_proxy_header_case_insensitive() -> None:
    assert resolve_reviewer({"is_logged_in": False}, HEADERS, "typed",
                            "x-forwarded-user") == Reviewer(name="proxy.user@example.org",
                                                            source="proxy")


def test_identity_header_ignored_unless_configured() -> None:
    assert resolve_reviewer(None, HEADERS, " Ann ", None) == Reviewer(name="Ann", source="typed")


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_identity_nothing_gives_none(typed: str | None) -> None:
    assert resolve_reviewer(None, {}, typed, "X-Forwarded-User") is None


def test_trusted_header_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACET_TRUSTED_USER_HEADER", raising=False)
    assert trusted_header_from_env() is None
    monkeypatch.setenv("FACET_TRUSTED_USER_HEADER", "X-Auth-Request-Email")
    assert trusted_header_from_env() == "X-Auth-Request-Email"
