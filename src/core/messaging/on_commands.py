"""The messaging context's commands and their handlers, for the command bus (``core.shared.commands``)."""

from __future__ import annotations

from core.messaging.attaching import open_attachment, review_attachment, upload_attachment
from core.messaging.commands import (
    AnswerRequest,
    BlockThread,
    FileThread,
    ListInbox,
    MarkRead,
    OpenAttachment,
    PostMessage,
    ReportThread,
    ReviewAttachment,
    SetNoticePreferences,
    StartInquiry,
    Unsubscribe,
    UploadAttachment,
    ViewNoticePreferences,
    ViewThread,
)
from core.messaging.handlers import (
    answer_request,
    block_thread,
    file_thread,
    list_inbox,
    mark_read,
    report_thread,
    view_thread,
)
from core.messaging.notice_settings import set_notice_preferences, unsubscribe, view_notice_preferences
from core.messaging.sending import post_message, start_inquiry
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    StartInquiry: start_inquiry,
    PostMessage: post_message,
    ViewThread: view_thread,
    ListInbox: list_inbox,
    MarkRead: mark_read,
    FileThread: file_thread,
    AnswerRequest: answer_request,
    BlockThread: block_thread,
    ReportThread: report_thread,
    ViewNoticePreferences: view_notice_preferences,
    SetNoticePreferences: set_notice_preferences,
    Unsubscribe: unsubscribe,
    UploadAttachment: upload_attachment,
    ReviewAttachment: review_attachment,
    OpenAttachment: open_attachment,
}
