"""The FlagStore contract: the in-memory twin (tests/unit) and the SQL store (SQLite and PostgreSQL,
tests/integration) must pass these."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from core.flags.model import Flag, FlagState
from core.flags.ports import FlagStore
from core.shared.audit import AuditEntry, first_broken

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


class FlagStoreContract:
    @pytest.fixture
    def store(self) -> FlagStore:
        raise NotImplementedError

    @pytest.fixture
    def audit_entries(self, store: FlagStore) -> Callable[[], Sequence[AuditEntry]]:
        """The entries of the audit log ``store`` appends to, in ``seq`` order."""
        raise NotImplementedError

    def test_a_store_never_written_holds_no_state_and_no_history(self, store: FlagStore) -> None:
        assert store.states() == {} and list(store.history(10)) == []

    def test_the_last_save_is_the_state_and_every_save_is_history_newest_first(self, store: FlagStore) -> None:
        off = FlagState(Flag.CHECKOUT, False, "payments provider incident", "operator", T0)
        on = FlagState(Flag.CHECKOUT, True, "provider recovered", "usr_kim", T0 + timedelta(minutes=30))
        mail = FlagState(Flag.OUTBOUND_MAIL, False, "bounce storm", "operator", T0 + timedelta(minutes=40))
        for state in (off, on, mail):
            store.save(state)
        assert store.states() == {Flag.CHECKOUT: on, Flag.OUTBOUND_MAIL: mail}
        assert list(store.history(10)) == [mail, on, off]
        assert list(store.history(2)) == [mail, on]

    def test_reasons_keep_any_text(self, store: FlagStore) -> None:
        state = FlagState(Flag.SIGNUPS, False, "spam wave — «bots» from 3 ASNs; see INC-42", "operator", T0)
        store.save(state)
        assert store.states()[Flag.SIGNUPS] == state

    def test_every_save_appends_who_old_new_and_why_to_the_hash_chained_audit_log(
        self, store: FlagStore, audit_entries: Callable[[], Sequence[AuditEntry]]
    ) -> None:
        before = len(audit_entries())
        store.save(FlagState(Flag.CHECKOUT, False, "payments provider incident", "operator", T0))
        store.save(FlagState(Flag.CHECKOUT, True, "provider recovered", "usr_kim", T0 + timedelta(minutes=30)))
        entries = audit_entries()
        assert first_broken(entries) is None and len(entries) == before + 2
        off, on = (entry.record for entry in entries[-2:])
        assert (off.actor, off.action, off.subject, off.at) == ("operator", "flag.set", "flag:checkout", T0)
        assert dict(off.details) == {"from": "on", "to": "off", "reason": "payments provider incident"}
        assert (on.actor, dict(on.details)) == (
            "staff:usr_kim",
            {"from": "off", "to": "on", "reason": "provider recovered"},
        )
