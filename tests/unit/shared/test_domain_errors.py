"""Errors as attrs exceptions: fields become a problem's members, describe() the detail and str()."""

from __future__ import annotations

import attrs

from core.shared.errors import PRIVATE, DomainError, NotFound


@attrs.define
class Clash(DomainError):
    code = "clash"
    slot: str
    reasons: tuple[str, ...]
    other_party: str = attrs.field(default="", metadata=PRIVATE)

    def describe(self) -> str:
        return f"{self.slot} clashes: {', '.join(self.reasons)}"


def test_fields_are_members_tuples_become_lists_and_private_fields_stay_out() -> None:
    error = Clash("mon 9:00", ("buffer", "notice"), other_party="usr_someone")
    assert error.attributes == {"slot": "mon 9:00", "reasons": ["buffer", "notice"]}
    assert error.other_party == "usr_someone"
    assert "usr_someone" not in f"{error} {error.detail} {error.attributes}"


def test_str_and_detail_are_the_description_for_declared_and_plain_errors() -> None:
    assert str(NotFound("profile", "prf_1")) == NotFound("profile", "prf_1").detail == "profile 'prf_1' was not found"
    assert str(DomainError("plain words", n=1)) == "plain words" and DomainError("plain words", n=1).attributes == {
        "n": 1
    }
    assert str(DomainError()) == "domain-error"
