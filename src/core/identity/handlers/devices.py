"""Remembering the device a request came from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from core.identity.devices import Device, NetworkContext, ip_prefix, user_agent_family
from core.identity.ports import IdentityUnitOfWork
from core.shared.clock import IdGenerator


def remember_device(
    uow: IdentityUnitOfWork,
    ids: IdGenerator,
    user_id: str,
    context: NetworkContext,
    now: datetime,
    known: Sequence[Device] = (),
) -> tuple[Device, bool]:
    """Return the user's device for this context, creating it if new; the flag says it was new.

    ``known``: the user's devices as just read (login reads them for the risk score); a match there
    saves a query, anything else is looked up, since a concurrent sign-in may have added it."""
    family, prefix = user_agent_family(context.user_agent), ip_prefix(context.ip)
    device = next((d for d in known if d.user_id == user_id and d.ua_family == family and d.ip_prefix == prefix), None)
    device = device or uow.devices.find(user_id, family, prefix)
    if device is not None:
        device.seen(now)
        uow.devices.save(device)
        return device, False
    device = Device.first_seen(ids.new_id("dev"), user_id, context, now)
    uow.devices.add(device)
    return device, True
