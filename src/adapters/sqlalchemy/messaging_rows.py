"""Messaging rows <-> domain values: named constructors, never ``Model(**row)``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from core.media.model import Classification, Variant, Verdict
from core.messaging.attachments import Attachment, AttachmentStatus
from core.messaging.circumvention import Action
from core.messaging.model import Message, Seat, Thread, ThreadKind, ThreadStatus
from core.messaging.ports import AuditEntry, Report


def _seat_doc(seat: Seat) -> dict[str, Any]:
    return {"user_id": seat.user_id, "unread": seat.unread, "archived": seat.archived, "muted": seat.muted,
            "last_read_at": seat.last_read_at.isoformat() if seat.last_read_at else None,
            "offences": [at.isoformat() for at in seat.offences],
            "notified_at": seat.notified_at.isoformat() if seat.notified_at else None}  # fmt: skip


def _seat_from(doc: dict[str, Any]) -> Seat:
    read, notified = doc.get("last_read_at"), doc.get("notified_at")
    return Seat(user_id=doc["user_id"], unread=int(doc["unread"]), archived=bool(doc["archived"]),
                muted=bool(doc["muted"]), last_read_at=datetime.fromisoformat(read) if read else None,
                offences=tuple(datetime.fromisoformat(at) for at in doc.get("offences", ())),
                notified_at=datetime.fromisoformat(notified) if notified else None)  # fmt: skip


def thread_row(thread: Thread, version: int) -> dict[str, Any]:
    return {"id": thread.id, "kind": thread.kind.value, "status": thread.status.value, "booking_id": thread.booking_id,
            "starter_id": thread.starter.user_id, "recipient_id": thread.recipient.user_id,
            "created_at": thread.created_at, "last_message_at": thread.last_message_at, "preview": thread.preview,
            "blocked_by": thread.blocked_by, "phone_allowed": thread.phone_allowed,
            "seats": [_seat_doc(thread.starter), _seat_doc(thread.recipient)], "version": version,
            "awaiting_notice": bool(thread.awaiting_notice())}  # fmt: skip


def thread_from(row: Row[Any]) -> Thread:
    starter, recipient = (_seat_from(doc) for doc in row.seats)
    return Thread(id=row.id, kind=ThreadKind(row.kind), status=ThreadStatus(row.status), starter=starter,
                  recipient=recipient, created_at=row.created_at, last_message_at=row.last_message_at,
                  preview=row.preview, booking_id=row.booking_id, blocked_by=row.blocked_by,
                  phone_allowed=bool(row.phone_allowed), version=row.version)  # fmt: skip


def message_row(message: Message) -> dict[str, Any]:
    return {"id": message.id, "thread_id": message.thread_id, "sender_id": message.sender_id, "body": message.body,
            "shown_body": message.shown_body, "client_message_id": message.client_message_id,
            "sent_at": message.sent_at, "action": message.action.value, "kinds": list(message.kinds)}  # fmt: skip


def message_from(row: Row[Any]) -> Message:
    return Message(id=row.id, thread_id=row.thread_id, sender_id=row.sender_id, body=row.body,
                   shown_body=row.shown_body, client_message_id=row.client_message_id, sent_at=row.sent_at,
                   action=Action(row.action), kinds=tuple(row.kinds))  # fmt: skip


def report_values(report: Report) -> dict[str, Any]:
    return {"id": report.id, "thread_id": report.thread_id, "reporter_id": report.reporter_id,
            "reported_id": report.reported_id, "reason": report.reason, "message_ids": list(report.message_ids),
            "created_at": report.created_at}  # fmt: skip


def report_from(row: Row[Any]) -> Report:
    return Report(id=row.id, thread_id=row.thread_id, reporter_id=row.reporter_id, reported_id=row.reported_id,
                  reason=row.reason, message_ids=tuple(row.message_ids), created_at=row.created_at)  # fmt: skip


def audit_from(row: Row[Any]) -> AuditEntry:
    return AuditEntry(id=row.id, staff_user_id=row.staff_user_id, thread_id=row.thread_id, action=row.action,
                      at=row.at)  # fmt: skip


def attachment_row(attachment: Attachment) -> dict[str, Any]:
    verdict = attachment.verdict
    return {"id": attachment.id, "owner_id": attachment.owner_id, "content_type": attachment.content_type,
            "width": attachment.width, "height": attachment.height, "status": attachment.status.value,
            "variants": [{"name": v.name, "key": v.key, "width": v.width, "height": v.height,
                          "content_type": v.content_type, "size": v.size} for v in attachment.variants],
            "verdict": {"classification": verdict.classification.value, "moderator": verdict.moderator,
                        "scores": [[k, v] for k, v in verdict.scores]},
            "created_at": attachment.created_at, "message_id": attachment.message_id,
            "thread_id": attachment.thread_id}  # fmt: skip


def attachment_from(row: Row[Any]) -> Attachment:
    verdict = row.verdict
    return Attachment(
        id=row.id, owner_id=row.owner_id, content_type=row.content_type, width=row.width, height=row.height,
        status=AttachmentStatus(row.status), variants=tuple(Variant(**v) for v in row.variants),
        verdict=Verdict(Classification(verdict["classification"]), verdict["moderator"],
                        tuple((str(k), float(v)) for k, v in verdict["scores"])),
        created_at=row.created_at, message_id=row.message_id, thread_id=row.thread_id,
    )  # fmt: skip
