"""The type of a file by its first bytes (never by its name or declared type)."""

from __future__ import annotations

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


def sniff(head: bytes) -> tuple[str, str] | None:
    """``(mime type, Pillow format name)`` for JPEG, PNG, WebP and HEIC/HEIF; ``None`` for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic", "HEIF"
    return None


def describe(head: bytes) -> str:
    """A short name for an unaccepted file in error messages (``image/gif``, ``application/pdf``...)."""
    known = {b"GIF8": "image/gif", b"%PDF": "application/pdf", b"BM": "image/bmp", b"II*\x00": "image/tiff",
             b"MM\x00*": "image/tiff", b"PK\x03\x04": "application/zip", b"<svg": "image/svg+xml"}  # fmt: skip
    return next((mime for magic, mime in known.items() if head.startswith(magic)), "unknown")
