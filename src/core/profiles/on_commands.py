"""The profiles context's commands and their handlers, for the command bus (``core.shared.commands``)."""

from __future__ import annotations

from core.profiles.services import ChangeService, OfferService, change_service, offer_service
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    OfferService: offer_service,
    ChangeService: change_service,
}
