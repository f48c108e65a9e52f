"""The profiles context's commands and their handlers, for the command bus (``core.shared.commands``)."""

from __future__ import annotations

from core.profiles.commands import CreateProfileDraft, GiveUnownedProfiles, UpdateProfileDraft
from core.profiles.handlers import create_profile_draft, give_unowned, update_profile_draft
from core.profiles.services import ChangeService, OfferService, change_service, offer_service
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    CreateProfileDraft: create_profile_draft,
    UpdateProfileDraft: update_profile_draft,
    GiveUnownedProfiles: give_unowned,
    OfferService: offer_service,
    ChangeService: change_service,
}
