"""Errors as attrs exceptions: fields become a problem's members, describe() (or the message filled in from the
fields) the detail and str()."""

from __future__ import annotations

import importlib
import pkgutil
import string

import attrs

import core
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


@attrs.define
class Late(DomainError):
    code = "late"
    message = "{what!r} is {minutes} minutes late"
    what: str
    minutes: int


def test_a_message_is_filled_in_from_the_fields() -> None:
    error = Late("the 9:40", 12)
    assert str(error) == error.describe() == "'the 9:40' is 12 minutes late"
    assert error.attributes == {"what": "the 9:40", "minutes": 12}


def _core_errors() -> list[type[DomainError]]:
    """Every error class a core module defines (as its module holds it: attrs replaces a slotted class)."""
    found = []
    for module_info in pkgutil.walk_packages(core.__path__, "core."):
        module = importlib.import_module(module_info.name)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, DomainError) and value.__module__ == module.__name__
        ]
    return found


def test_every_message_in_the_core_names_only_fields_of_its_error() -> None:
    """A template naming a field that is not there fails only when the error is raised: catch it here."""
    templated = [error for error in _core_errors() if error.message]
    assert len(templated) > 30
    for error in templated:
        named = {name for _, name, _, _ in string.Formatter().parse(error.message) if name is not None}
        assert named <= {field.name for field in attrs.fields(error)}, error
