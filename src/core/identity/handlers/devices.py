"""Remembering the device a request came from."""

from __future__ import annotations

from datetime import datetime

from core.identity.devices import Device, NetworkContext, ip_prefix, user_agent_family
from core.identity.ports import IdentityUnitOfWork
from core.shared.clock import IdGenerator


def remember_device(
    uow: IdentityUnitOfWork, ids: IdGenerator, user_id: str, context: NetworkContext, now: datetime
) -> tuple[Device, bool]:
    """Return the user's device for this context, creating it if new; the flag says it was new."""
    device = uow.devices.find(user_id, user_agent_family(context.user_agent), ip_prefix(context.ip))
    if device is not None:
        device.seen(now)
        uow.devices.save(device)
        return device, False
    device = Device.first_seen(ids.new_id("dev"), user_id, context, now)
    uow.devices.add(device)
    return device, True
