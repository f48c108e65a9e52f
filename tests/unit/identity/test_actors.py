"""Who acts in identity's commands: a signed-in user on its own account and sessions only, staff by the roles
stored on their account, and every command through the bus."""

from __future__ import annotations

import inspect
from collections.abc import Sequence

import pytest
from tests.unit.identity.fakes import World
from tests.unit.identity.flows import HOME, PASSWORD, acting, logged_in, signed_up

from adapters.memory.flags import InMemoryFlagStore
from core.flags.handlers import Switchboard
from core.identity import commands, oidc, staff
from core.identity.commands import ChangePayoutDestination, EnrolTotp, RevokeSession, VerifyPhone
from core.identity.errors import NotPermitted, SessionInvalid, StepUpRequired
from core.identity.handlers.mfa import enrol_totp
from core.identity.handlers.payout import change_payout_destination
from core.identity.handlers.phone import verify_phone
from core.identity.handlers.sessions import authenticate, revoke_session
from core.identity.oidc import IdTokenVerifier
from core.identity.on_commands import COMMANDS
from core.identity.ports import ExportSource, IdentityUnitOfWork, OpenCommitments
from core.identity.services import IdentityServices
from core.identity.staff import CreateUser, ExportUser, GrantRole, OperatorAction, SetUserLocked, StaffRole, may
from core.shared.actor import ANONYMOUS, OPERATOR, Actor
from core.shared.commands import Command, CommandBus
from core.shared.errors import NotFound


def test_only_its_own_user_or_the_operator_ends_a_session_by_id() -> None:
    w = World()
    signed_up(w)
    bob = signed_up(w, "bob@example.com")
    ann = logged_in(w)
    for someone_else in (Actor(bob), Actor("usr_kim", ("admin", "support")), ANONYMOUS):
        with pytest.raises(NotFound) as refused:  # as for an id that does not exist: nothing to learn
            revoke_session(RevokeSession(someone_else, ann.session_id), w.uow, w.svc)
        assert (refused.value.kind, refused.value.key) == ("session", ann.session_id)
    assert authenticate(ann.session_token, w.uow, w.svc).id == ann.session_id  # nothing changed
    revoke_session(RevokeSession(OPERATOR, ann.session_id), w.uow, w.svc)
    mine = logged_in(w)
    revoke_session(RevokeSession(acting(mine), mine.session_id), w.uow, w.svc)
    for ended in (ann, mine):
        with pytest.raises(SessionInvalid):
            authenticate(ended.session_token, w.uow, w.svc)


def test_a_session_token_serves_only_the_actor_it_belongs_to() -> None:
    w = World()
    ann_id = signed_up(w)
    bob = signed_up(w, "bob@example.com")
    ann = logged_in(w)
    for someone_else in (Actor(bob), ANONYMOUS, OPERATOR):
        command = ChangePayoutDestination(someone_else, ann.session_token, "acct_1", HOME)
        with pytest.raises(SessionInvalid):
            change_payout_destination(command, w.uow, w.svc)
    with pytest.raises(StepUpRequired):  # its own actor gets as far as the step-up
        change_payout_destination(ChangePayoutDestination(acting(ann), ann.session_token, "acct_1", HOME), w.uow, w.svc)
    user = w.uow.users.get(ann_id)
    assert user is not None and user.payout_destination_ref is None


def test_commands_on_ones_own_account_need_a_signed_in_user() -> None:
    w = World()
    signed_up(w)
    for nobody in (ANONYMOUS, OPERATOR):  # the operator acts on records, but has no account of its own
        with pytest.raises(SessionInvalid):
            enrol_totp(EnrolTotp(nobody), w.uow, w.svc)
        with pytest.raises(SessionInvalid):
            verify_phone(VerifyPhone(nobody, "+447700900123", "123456", HOME), w.uow, w.svc)


def test_staff_may_what_their_roles_grant_and_the_operator_nothing() -> None:
    support, admin = Actor("usr_kim", (StaffRole.SUPPORT.value,)), Actor("usr_root", (StaffRole.ADMIN.value,))
    assert may(support, OperatorAction.LOCK) and not may(support, OperatorAction.EXPORT)
    assert all(may(admin, action) for action in OperatorAction)
    assert not any(
        may(nobody, action) for nobody in (OPERATOR, ANONYMOUS, Actor("usr_ann")) for action in OperatorAction
    )


def _bus(w: World) -> CommandBus:
    return CommandBus(
        COMMANDS,
        {
            IdentityUnitOfWork: lambda: w.uow,
            IdentityServices: lambda: w.svc,
            IdTokenVerifier: lambda: None,  # no OpenID sign-in here
            Sequence[ExportSource]: list,
            Sequence[OpenCommitments]: list,
            Switchboard: lambda: Switchboard(InMemoryFlagStore(), w.clock),
        },
    )


def test_every_identity_command_has_its_handler_on_the_bus() -> None:
    defined = {
        kind
        for module in (commands, oidc, staff)
        for kind in vars(module).values()
        if inspect.isclass(kind) and issubclass(kind, Command) and kind is not Command
    }
    assert defined == set(COMMANDS)
    _bus(World())  # and every port a handler names is one the context provides


def test_operator_commands_through_the_bus_check_the_stored_roles() -> None:
    w = World()
    bus = _bus(w)
    root = bus.handle(CreateUser(None, "root@example.com", PASSWORD))  # the bootstrap: no admin yet
    bus.handle(GrantRole(None, "root@example.com", StaffRole.ADMIN))
    with pytest.raises(NotPermitted):
        bus.handle(CreateUser(None, "eve@example.com", PASSWORD))  # bootstrap is over
    bus.handle(CreateUser("root@example.com", "kim@example.com", PASSWORD))
    bus.handle(GrantRole("root@example.com", "kim@example.com", StaffRole.SUPPORT))
    entries = len(list(w.uow.audit.entries()))
    with pytest.raises(NotPermitted):
        bus.handle(ExportUser("kim@example.com", "root@example.com"))
    assert len(list(w.uow.audit.entries())) == entries  # refused before anything was recorded
    bus.handle(SetUserLocked("kim@example.com", "root@example.com", locked=True))  # support may lock
    locked = w.uow.users.get(root.id)
    assert locked is not None and locked.disabled_at is not None
    kim = w.uow.users.get_by_email("kim@example.com")
    assert kim is not None
    assert [(e.record.actor, e.record.action) for e in w.uow.audit.entries()][-1] == (f"operator:{kim.id}", "user.lock")
