"""The search context's commands, for the command bus."""

from __future__ import annotations

from core.search.synonym_commands import DeleteSynonym, SetSynonym, delete_synonym, set_synonym
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {SetSynonym: set_synonym, DeleteSynonym: delete_synonym}
