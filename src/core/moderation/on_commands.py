"""The moderation context's commands and their handlers, for the command bus."""

from __future__ import annotations

from core.moderation.commands import ApproveDecision, AssignReport, DecideReport, FileReport
from core.moderation.handlers import approve_decision, assign_report, decide_report, file_report
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    FileReport: file_report,
    AssignReport: assign_report,
    DecideReport: decide_report,
    ApproveDecision: approve_decision,
}
