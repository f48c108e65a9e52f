"""QR PNGs for TOTP enrolment through segno (pure Python, no Pillow)."""

from __future__ import annotations

import io

import segno


class SegnoQrCodeRenderer:
    def __init__(self, scale: int = 5) -> None:
        self._scale = scale

    def png(self, data: str) -> bytes:
        buffer = io.BytesIO()
        segno.make(data, error="m").save(buffer, kind="png", scale=self._scale, border=4)
        return buffer.getvalue()
