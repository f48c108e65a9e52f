"""The contract every identity unit of work (users, sessions, codes, devices, sign-in states, TOTP
replays, audit log) must keep.

Subclass and provide ``new_uow``: a callable returning a fresh unit over one shared, empty store.
The in-memory twin runs it in tests/unit/identity, SQLAlchemy on SQLite and PostgreSQL in
tests/integration/test_sqlalchemy_identity.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from core.identity.codes import CodePurpose, OneTimeCode
from core.identity.devices import Device
from core.identity.model import User
from core.identity.ports import IdentityUnitOfWork
from core.identity.sessions import Session
from core.identity.signin import SignInSettings
from core.shared.audit import AuditRecord, first_broken
from core.shared.errors import AlreadyExists, NotFound, VersionConflict

NOW = datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=UTC)
NewUow = Callable[[], IdentityUnitOfWork]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def user(n: int = 1) -> User:
    return User.sign_up(f"usr_{n:04d}", f"person{n}@example.com", "$argon2id$v=19$m=19456,t=2,p=1$x$y", NOW)


def add_user(new_uow: NewUow, n: int = 1) -> User:
    account = user(n)
    with new_uow() as uow:
        uow.users.add(account)
        uow.commit()
    return account


class IdentityStoreContract:
    @pytest.fixture
    def new_uow(self) -> NewUow:
        raise NotImplementedError

    def test_a_user_round_trips_with_its_totp_secret_and_recovery_codes(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        account.start_totp(SECRET)
        account.confirm_totp(NOW, ("a" * 64, "b" * 64))
        account.grant_role("support")
        account.verify_email(NOW)
        with new_uow() as uow:
            uow.users.save(account)
            uow.commit()
        with new_uow() as uow:
            assert uow.users.get(account.id) == account
            assert uow.users.get_by_email("person1@example.com") == account
            assert uow.users.get("usr_nope") is None and uow.users.get_by_email("x@example.com") is None

    def test_a_taken_email_is_refused(self, new_uow: NewUow) -> None:
        add_user(new_uow)
        other = User.sign_up("usr_9999", "person1@example.com", "h", NOW)
        with new_uow() as uow, pytest.raises(AlreadyExists):
            uow.users.add(other)

    def test_sessions_are_found_by_current_token_hash_only(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        session = Session.start("ses_1", account.id, "1" * 64, None, NOW, mfa_pending=True)
        with new_uow() as uow:
            uow.sessions.add(session)
            uow.commit()
        session.record_second_factor("2" * 64, NOW + timedelta(seconds=5))
        with new_uow() as uow:
            uow.sessions.save(session)
            uow.commit()
        with new_uow() as uow:
            assert uow.sessions.get_by_token_hash("1" * 64) is None
            assert uow.sessions.get_by_token_hash("2" * 64) == session == uow.sessions.get("ses_1")
            assert list(uow.sessions.list_for_user(account.id)) == [session]
            with pytest.raises(AlreadyExists):
                uow.sessions.add(Session.start("ses_2", account.id, "2" * 64, None, NOW, mfa_pending=False))

    def test_a_session_is_read_with_its_account_by_current_token_hash(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        account.start_totp(SECRET)
        account.confirm_totp(NOW, ("a" * 64, "b" * 64))
        account.grant_role("support")
        session = Session.start("ses_1", account.id, "1" * 64, None, NOW, mfa_pending=False)
        with new_uow() as uow:
            uow.users.save(account)
            uow.sessions.add(session)
            uow.commit()
        with new_uow().reading() as uow:
            assert uow.sessions.get_with_account("1" * 64) == (session, account)
        session.rotate("2" * 64, NOW + timedelta(minutes=1))
        with new_uow() as uow:
            uow.sessions.save(session)
            uow.commit()
        with new_uow().reading() as uow:
            assert uow.sessions.get_with_account("1" * 64) is None  # a rotated token misses
            assert uow.sessions.get_with_account("2" * 64) == (session, account)
            assert uow.sessions.get_with_account("f" * 64) is None

    def test_a_session_opens_only_for_an_account_that_exists_and_is_not_disabled(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        with new_uow() as uow, pytest.raises(NotFound):
            uow.sessions.add(Session.start("ses_1", "usr_nope", "1" * 64, None, NOW, mfa_pending=False))
        account.disable(NOW)
        with new_uow() as uow:
            uow.users.save(account)
            uow.commit()
        with new_uow() as uow, pytest.raises(NotFound):
            uow.sessions.add(Session.start("ses_2", account.id, "2" * 64, None, NOW, mfa_pending=False))
        account.enable()
        with new_uow() as uow:
            uow.users.save(account)
            uow.sessions.add(Session.start("ses_3", account.id, "3" * 64, None, NOW, mfa_pending=False))
            uow.commit()
        with new_uow() as uow:
            assert [s.id for s in uow.sessions.list_for_user(account.id)] == ["ses_3"]  # nothing else was written
            assert uow.sessions.get("ses_1") is None and uow.sessions.get("ses_2") is None

    def test_a_new_code_replaces_the_old_one_and_delete_is_idempotent(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        first = OneTimeCode(account.id, CodePurpose.RESET_PASSWORD, "c" * 64, NOW + timedelta(minutes=10), 5)
        second = OneTimeCode(account.id, CodePurpose.RESET_PASSWORD, "d" * 64, NOW + timedelta(minutes=11), 5)
        with new_uow() as uow:
            uow.codes.put(first)
            uow.codes.put(second)
            uow.commit()
        with new_uow() as uow:
            assert uow.codes.get(account.id, CodePurpose.RESET_PASSWORD) == second
            assert uow.codes.get(account.id, CodePurpose.VERIFY_EMAIL) is None
            uow.codes.delete(account.id, CodePurpose.RESET_PASSWORD)
            uow.codes.delete(account.id, CodePurpose.RESET_PASSWORD)
            uow.commit()
        with new_uow() as uow:
            assert uow.codes.get(account.id, CodePurpose.RESET_PASSWORD) is None

    def test_devices_are_unique_per_family_and_prefix(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        device = Device("dev_1", account.id, "Firefox on Linux", "203.0.113.0/24", NOW, NOW, "FR", 3215)
        with new_uow() as uow:
            uow.devices.add(device)
            uow.commit()
        device.seen(NOW + timedelta(hours=1))
        with new_uow() as uow:
            uow.devices.save(device)
            uow.commit()
        with new_uow() as uow:
            assert uow.devices.find(account.id, "Firefox on Linux", "203.0.113.0/24") == device
            assert list(uow.devices.list_for_user(account.id)) == [device]
            with pytest.raises(AlreadyExists):
                uow.devices.add(Device("dev_2", account.id, "Firefox on Linux", "203.0.113.0/24", NOW, NOW))

    def test_sign_in_state_saves_check_the_version_they_read(self, new_uow: NewUow) -> None:
        settings = SignInSettings()
        with new_uow() as uow:
            fresh = uow.sign_in_states.get("who@example.com")
            assert fresh.version == 0 and fresh.failures == ()
        with new_uow() as uow:
            uow.sign_in_states.save(fresh.with_failure(NOW, settings))
            uow.commit()
        with new_uow() as uow, pytest.raises(VersionConflict):
            uow.sign_in_states.save(fresh.with_failure(NOW, settings))  # stale: read at version 0
        with new_uow() as uow:
            stored = uow.sign_in_states.get("who@example.com")
            assert (stored.version, stored.failures) == (1, (NOW,))
            uow.sign_in_states.save(stored.with_failure(NOW + timedelta(seconds=1), settings))
            uow.commit()
        with new_uow() as uow:
            again = uow.sign_in_states.get("who@example.com")
            assert again.version == 2 and len(again.failures) == 2

    def test_concurrent_failures_retried_on_conflict_are_all_counted(self, new_uow: NewUow) -> None:
        settings = SignInSettings(max_failures=100)

        def fail_once() -> None:
            while True:
                with new_uow() as uow:
                    state = uow.sign_in_states.get("race@example.com")
                    try:
                        uow.sign_in_states.save(state.with_failure(NOW, settings))
                    except VersionConflict:
                        continue
                    uow.commit()
                    return

        threads = [threading.Thread(target=fail_once) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with new_uow() as uow:
            assert len(uow.sign_in_states.get("race@example.com").failures) == 8

    def test_a_totp_step_is_claimed_once(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        with new_uow() as uow:
            assert uow.totp_replays.claim(account.id, 100, NOW)
            uow.commit()
        with new_uow() as uow:
            assert not uow.totp_replays.claim(account.id, 100, NOW)
            assert uow.totp_replays.claim(account.id, 101, NOW)

    def test_deleting_a_user_erases_what_hangs_off_it(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        with new_uow() as uow:
            uow.sessions.add(Session.start("ses_1", account.id, "1" * 64, None, NOW, mfa_pending=False))
            uow.devices.add(Device("dev_1", account.id, "Other on Other", "unknown", NOW, NOW))
            uow.codes.put(OneTimeCode(account.id, CodePurpose.VERIFY_EMAIL, "c" * 64, NOW, 5))
            uow.totp_replays.claim(account.id, 7, NOW)
            uow.commit()
        with new_uow() as uow:
            uow.users.delete(account.id)
            uow.users.delete(account.id)
            uow.commit()
        with new_uow() as uow:
            assert uow.users.get(account.id) is None and uow.sessions.get("ses_1") is None
            assert uow.devices.list_for_user(account.id) == [] or list(uow.devices.list_for_user(account.id)) == []
            assert uow.codes.get(account.id, CodePurpose.VERIFY_EMAIL) is None
        add_user(new_uow)  # the email is free again and the replay row is gone with its user
        with new_uow() as uow:
            assert uow.totp_replays.claim(account.id, 7, NOW)

    def test_an_oidc_identity_links_to_one_account(self, new_uow: NewUow) -> None:
        account = add_user(new_uow)
        with new_uow() as uow:
            assert uow.oidc_links.find("google", "sub-1") is None
            uow.oidc_links.link("google", "sub-1", account.id, NOW)
            uow.commit()
        with new_uow() as uow:
            assert uow.oidc_links.find("google", "sub-1") == account.id
            assert uow.oidc_links.list_for_user(account.id) == [("google", "sub-1")]
            with pytest.raises(AlreadyExists):
                uow.oidc_links.link("google", "sub-1", account.id, NOW)
        with new_uow() as uow:
            uow.users.delete(account.id)
            uow.commit()
        with new_uow() as uow:
            assert uow.oidc_links.find("google", "sub-1") is None

    def test_the_audit_log_chains_every_entry(self, new_uow: NewUow) -> None:
        for n in range(3):
            with new_uow() as uow:
                entry = uow.audit.append(
                    AuditRecord("system", "user.lock", f"usr_{n}", NOW, "cli", (("reason", "fraud"),))
                )
                uow.commit()
            assert entry.seq == n + 1
        with new_uow() as uow:
            entries = list(uow.audit.entries())
        assert [e.seq for e in entries] == [1, 2, 3] and first_broken(entries) is None
        assert entries[1].prev_hash == entries[0].hash and entries[0].record.details == (("reason", "fraud"),)

    def test_the_audit_entries_about_a_user_newest_first(self, new_uow: NewUow) -> None:
        records = [AuditRecord("usr_kim", "report.decide", "rpt_1", NOW),
                   AuditRecord("system", "user.lock", "usr_bob", NOW),
                   AuditRecord("staff:usr_kim", "refund.request", "bkg_1", NOW),
                   AuditRecord("operator:usr_kim", "user.unlock", "usr_bob", NOW),
                   AuditRecord("usr_kimberly", "report.assign", "rpt_2", NOW)]  # fmt: skip
        with new_uow() as uow:
            for record in records:
                uow.audit.append(record)
            uow.commit()
        with new_uow() as uow:
            assert [e.seq for e in uow.audit.about("usr_kim", 10)] == [4, 3, 1]
            assert [e.seq for e in uow.audit.about("usr_kim", 2)] == [4, 3]
            assert [e.record.action for e in uow.audit.about("usr_bob", 10)] == ["user.unlock", "user.lock"]
            assert uow.audit.about("usr_nobody", 10) == []

    def test_nothing_survives_without_commit(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            uow.users.add(user(5))
            uow.audit.append(AuditRecord("system", "x", "y", NOW))
        with new_uow() as uow:
            assert uow.users.get("usr_0005") is None and list(uow.audit.entries()) == []
