"""Message attachments: upload an image or a PDF (its bytes as the body), see a rendition or download the PDF
(approved only, the thread's parties and the uploader; staff with an audit entry; anyone else 404), and the staff's
quarantine queue and review.

The upload is checked before anything is stored: a type outside the allow-list (a text file; a "PDF" without the
``%PDF-`` magic; the bytes decide, not the header) is 415, too large 413 (a PDF has its own cap,
``MESSAGING_PDF_MAX_BYTES``), unreadable or truncated 422, and none of them leaves a file or a row behind.
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from litestar import Request, Response, get, post
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter

from core.messaging.attaching import quarantined
from core.messaging.attachments import MAX_UPLOAD_BYTES
from core.messaging.commands import OpenAttachment, ReviewAttachment, UploadAttachment
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import CommandsDep
from entrypoints.http.routes.messaging_stream import NewMessagingUow
from entrypoints.shapes.media import Decision, ReviewIn
from entrypoints.shapes.messaging import AttachmentOut, AttachmentQueueOut

TAGS = ["messages"]
UPLOAD_PROBLEMS = ("media-unsupported-type", "media-too-large", "media-too-many-pixels", "media-corrupt",
                   "media-storage-unavailable")  # fmt: skip


@post("/attachments", tags=TAGS, request_max_body_size=MAX_UPLOAD_BYTES, status_code=201,
      problems=UPLOAD_PROBLEMS)  # fmt: skip
async def upload_attachment(
    request: Request[Any, Any, Any], commands: CommandsDep, current_user: CurrentUserDep,
    content_type: Annotated[str, HeaderParameter(name="Content-Type")] = "",
) -> Response[AttachmentOut]:  # fmt: skip
    """Upload an image (JPEG, PNG, WebP; at most 10 MB) or a PDF (``application/pdf``; ``MESSAGING_PDF_MAX_BYTES``)
    to post with a message (``attachmentIds``). An image is re-rendered without metadata and moderated, quarantined
    (``pending_review``) until moderation passes it; a PDF is kept as sent and always waits for staff review.

    Async only to read the raw body; the processing runs in a thread."""
    body = await request.body()
    command = UploadAttachment(actor=current_user, content_type=content_type.split(";")[0].strip().lower(), data=body)
    attachment = await anyio.to_thread.run_sync(commands.handle, command)
    return Response(AttachmentOut.of(attachment), status_code=201)


@get("/attachments/{attachment_id:str}/{variant:str}", tags=TAGS, sync_to_thread=True, media_type="image/webp")
def attachment_file(
    attachment_id: FromPath[str], variant: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep
) -> Response[bytes]:
    """One rendition (``thumb``, ``card``, ``full``) of an approved attachment, or an approved PDF (``document``,
    always a download, sandboxed): the uploader and the thread's parties only (staff with an audit entry); 404 for
    anyone else and while it is quarantined or rejected."""
    found = commands.handle(OpenAttachment(actor=current_user, attachment_id=attachment_id, variant=variant))
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    if found.download:  # never rendered by the browser in the site's origin
        headers |= {"Content-Disposition": f'attachment; filename="{attachment_id}.pdf"',
                    "Content-Security-Policy": "sandbox"}  # fmt: skip
    return Response(found.data, media_type=found.content_type, headers=headers)


@post("/attachments/{attachment_id:str}/review", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("staff-only",))  # fmt: skip
def review_attachment(
    attachment_id: FromPath[str], data: JSONBody[ReviewIn], commands: CommandsDep, current_user: CurrentUserDep
) -> AttachmentOut:
    """Staff: approve (shown to the thread) or reject (never shown) a quarantined attachment; audited."""
    command = ReviewAttachment(actor=current_user, attachment_id=attachment_id,
                               approve=data.decision is Decision.APPROVE)  # fmt: skip
    return AttachmentOut.of(commands.handle(command))


@get("/attachments/review-queue", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def attachment_queue(
    new_messaging_uow: NewMessagingUow, current_user: CurrentUserDep,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> AttachmentQueueOut:  # fmt: skip
    """Staff: quarantined attachments, oldest first."""
    waiting = quarantined(current_user, limit, new_messaging_uow())
    return AttachmentQueueOut([AttachmentOut.of(a) for a in waiting])


ROUTES = [upload_attachment, attachment_file, review_attachment, attachment_queue]
