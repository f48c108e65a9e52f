"""The moderation context's commands and their handlers, for the command bus."""

from __future__ import annotations

from core.moderation.commands import ApproveDecision, AssignReport, DecideReport, FileReport
from core.moderation.handlers import approve_decision, assign_report, decide_report, file_report
from core.moderation.takedown_commands import (
    AcknowledgeTakedown,
    ActOnTakedown,
    ApproveTakedownRemoval,
    CounterTakedown,
    FileTakedown,
    RestoreTakedown,
)  # fmt: skip
from core.moderation.takedown_handlers import (
    acknowledge_takedown,
    act_on_takedown,
    approve_takedown_removal,
    counter_takedown,
    file_takedown,
    restore_takedown,
)  # fmt: skip
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    FileReport: file_report,
    AssignReport: assign_report,
    DecideReport: decide_report,
    ApproveDecision: approve_decision,
    FileTakedown: file_takedown,
    AcknowledgeTakedown: acknowledge_takedown,
    ActOnTakedown: act_on_takedown,
    ApproveTakedownRemoval: approve_takedown_removal,
    CounterTakedown: counter_takedown,
    RestoreTakedown: restore_takedown,
}
