"""The media context's commands and their handlers, for the command bus (``core.shared.commands``)."""

from __future__ import annotations

from core.media.commands import CompleteUpload, EditMedia, ReprocessMedia, ReviewMedia, StartUpload
from core.media.curation import edit_media, review_media
from core.media.uploads import complete_upload, reprocess_media, start_upload
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    StartUpload: start_upload,
    CompleteUpload: complete_upload,
    EditMedia: edit_media,
    ReviewMedia: review_media,
    ReprocessMedia: reprocess_media,
}
