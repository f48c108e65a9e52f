"""Pillow behind the ImageProcessor port: allow-list by magic bytes, byte and pixel caps checked before any
decoding, EXIF orientation applied, every piece of metadata (EXIF, GPS, XMP, ICC) left behind.

Speed for big JPEGs comes from ``Image.draft`` (the decoder scales by 1/2, 1/4 or 1/8 while decoding, to no
less than the largest variant needs) and from rendering each size from the next larger one.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

from PIL import Image, ImageOps

from adapters.pillow.magic import describe, sniff
from core.media.errors import CorruptImage, MediaTooLarge, TooManyPixels, UnsupportedMediaType
from core.media.keys import ALLOWED_TYPES, HEIC_TYPE, MAX_PIXELS, MAX_UPLOAD_BYTES, VariantSpec
from core.media.model import CropBox, ImageFacts
from core.media.ports import RenderedImage

_SWAPS_AXES = {5, 6, 7, 8}  # EXIF orientations that rotate by 90 degrees
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)


def _heif_available() -> bool:
    try:
        import pillow_heif  # type: ignore[import-not-found]  # optional: HEIC only when it is installed
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


class PillowImageProcessor:
    def __init__(self, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_PIXELS, quality: int = 82) -> None:
        self._max_bytes = max_bytes
        self._max_pixels = max_pixels
        self._quality = quality
        # Pillow's own guard as a second line (process-wide, so always the product cap): it warns above it and
        # refuses above twice it; the explicit check in ``_open`` holds this instance's ``max_pixels``.
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        self.accepted_types: tuple[str, ...] = ALLOWED_TYPES + ((HEIC_TYPE,) if _heif_available() else ())

    def _open(self, data: bytes) -> tuple[Image.Image, str]:
        if len(data) > self._max_bytes:
            raise MediaTooLarge(len(data), self._max_bytes)
        sniffed = sniff(data[:32])
        if sniffed is None or sniffed[0] not in self.accepted_types:
            raise UnsupportedMediaType(sniffed[0] if sniffed else describe(data[:8]), self.accepted_types)
        mime, pillow_format = sniffed
        try:
            image = Image.open(io.BytesIO(data), formats=[pillow_format])  # reads the header only
        except Image.DecompressionBombError as error:  # Pillow's own guard fired first (over twice the cap)
            announced = re.search(r"\((\d+) pixels\)", str(error))
            raise TooManyPixels(int(announced[1]) if announced else 2 * self._max_pixels, self._max_pixels) from None
        except _DECODE_ERRORS as error:
            raise CorruptImage(str(error) or type(error).__name__) from None
        width, height = image.size
        if width * height > self._max_pixels:  # checked before any pixel is decoded
            raise TooManyPixels(width * height, self._max_pixels)
        return image, mime

    def inspect(self, data: bytes) -> ImageFacts:
        image, mime = self._open(data)
        width, height = image.size
        try:
            orientation = image.getexif().get(0x0112, 1)
        except _DECODE_ERRORS:
            orientation = 1
        return ImageFacts(mime, *((height, width) if orientation in _SWAPS_AXES else (width, height)))

    def _decoded(self, image: Image.Image, crop: CropBox | None, long_edge: int) -> Image.Image:
        """Decode (drafted to the smallest scale that still covers ``long_edge`` of the crop), upright, cropped."""
        facts_w, facts_h = image.size
        region = max(crop.width, crop.height) if crop else max(facts_w, facts_h)
        scale = min(1.0, long_edge / region)
        if image.format == "JPEG" and scale < 1.0:
            image.draft("RGB", (math.ceil(facts_w * scale), math.ceil(facts_h * scale)))
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except _DECODE_ERRORS as error:
            raise CorruptImage(str(error) or type(error).__name__) from None
        if crop is not None:
            original_w = facts_h if image.size != upright.size else facts_w
            ratio = upright.width / original_w
            box = (crop.left * ratio, crop.top * ratio, (crop.left + crop.width) * ratio,
                   (crop.top + crop.height) * ratio)  # fmt: skip
            upright = upright.crop(tuple(round(v) for v in box))
        has_alpha = upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info
        return upright.convert("RGBA" if has_alpha else "RGB")

    def _encode(self, image: Image.Image, name: str) -> RenderedImage:
        image.info = {}  # no EXIF, GPS, XMP, ICC or comments travel with a variant
        out = io.BytesIO()
        options: dict[str, Any] = {"quality": self._quality, "method": 4}
        image.save(out, format="WEBP", **options)
        return RenderedImage(name, out.getvalue(), image.width, image.height, "image/webp", "webp")

    def render(self, data: bytes, specs: tuple[VariantSpec, ...], crop: CropBox | None) -> list[RenderedImage]:
        image, _ = self._open(data)
        ordered = sorted(specs, key=lambda s: s.long_edge, reverse=True)
        current = self._decoded(image, crop, ordered[0].long_edge)
        rendered = []
        for spec in ordered:  # each size from the next larger one: cheap and sharp enough
            if max(current.size) > spec.long_edge:
                current = current.copy()
                current.thumbnail((spec.long_edge, spec.long_edge), Image.Resampling.LANCZOS, reducing_gap=2.0)
            rendered.append(self._encode(current, spec.name))
        by_name = {r.name: r for r in rendered}
        return [by_name[s.name] for s in specs]
