"""Operators edit search synonyms: set (add or replace) and delete one; the index's own copy follows."""

from __future__ import annotations

import attrs

from core.search.ports import SearchIndex, SynonymStore
from core.search.synonyms import Synonym, term_of
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock
from core.shared.commands import Command
from core.shared.errors import NotFound


@attrs.frozen(kw_only=True)
class SetSynonym(Command[Synonym]):
    """``term`` also finds ``expansions`` from now on (admins and the operator only)."""

    actor: Actor
    term: str
    expansions: tuple[str, ...]


@attrs.frozen(kw_only=True)
class DeleteSynonym(Command[None]):
    """``term`` finds only itself again (admins and the operator only)."""

    actor: Actor
    term: str


def set_synonym(cmd: SetSynonym, synonyms: SynonymStore, index: SearchIndex, clock: Clock) -> Synonym:
    """Store the synonym, then hand every synonym to the index (Typesense keeps its own copy). Raises
    ``StaffOnly``, ``InvalidInput`` (term, expansions) or ``IndexUnavailable`` (stored; the next edit or reindex
    brings the index up to date)."""
    require_staff(cmd.actor, "admin")
    synonym = Synonym.validated(cmd.term, cmd.expansions)
    synonyms.save(synonym, clock.now())
    index.use_synonyms(synonyms.all())
    return synonym


def delete_synonym(cmd: DeleteSynonym, synonyms: SynonymStore, index: SearchIndex) -> None:
    """Remove the synonym of ``term``. Raises ``StaffOnly``, ``NotFound`` or ``IndexUnavailable``."""
    require_staff(cmd.actor, "admin")
    term = term_of(cmd.term)
    if not synonyms.delete(term):
        raise NotFound("synonym", term)
    index.use_synonyms(synonyms.all())
