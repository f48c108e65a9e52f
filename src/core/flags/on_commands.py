"""The flags context's commands, for the command bus."""

from __future__ import annotations

from core.flags.handlers import set_flag
from core.flags.model import SetFlag
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {SetFlag: set_flag}
