"""The Pillow processor on real files: allow-list by magic bytes, caps before decoding, metadata stripped."""

from __future__ import annotations

import pytest

from adapters.pillow.image_processor import PillowImageProcessor
from core.media.errors import CorruptImage, MediaTooLarge, TooManyPixels, UnsupportedMediaType
from core.media.keys import VARIANT_SPECS, VariantSpec
from core.media.model import CropBox
from tests.unit.media import images

processor = PillowImageProcessor()


def test_gps_and_every_exif_tag_are_gone_and_the_orientation_is_applied() -> None:
    original = images.jpeg(600, 400, orientation=6, gps=True)  # stored landscape, shown portrait (90 deg CW)
    assert images.GPS_IFD in images.exif_of(original)
    facts = processor.inspect(original)
    assert (facts.content_type, facts.width, facts.height) == ("image/jpeg", 400, 600)
    rendered = {r.name: r for r in processor.render(original, VARIANT_SPECS, None)}
    assert [r.name for r in processor.render(original, VARIANT_SPECS, None)] == ["thumb", "card", "full"]
    for variant in rendered.values():
        assert images.exif_of(variant.data) == {}
        assert b"Exif" not in variant.data and b"RastUp Test Camera" not in variant.data
        assert variant.content_type == "image/webp" and variant.data[8:12] == b"WEBP"
    assert (rendered["thumb"].width, rendered["thumb"].height) == (213, 320)
    assert (rendered["full"].width, rendered["full"].height) == (400, 600)  # never upscaled
    # rotated 90 degrees clockwise: the stored left half (red) is now the top half
    assert images.pixel(rendered["card"].data, 200, 100)[0] > 150
    assert images.pixel(rendered["card"].data, 200, 500)[2] > 150


def test_a_decompression_bomb_is_refused_from_its_header() -> None:
    bomb = images.png_bomb()
    assert len(bomb) < 2000
    with pytest.raises(TooManyPixels) as refused:
        processor.inspect(bomb)
    assert refused.value.pixels == 100_000 * 100_000
    just_over = PillowImageProcessor(max_pixels=1_000)  # the explicit check, below Pillow's own guard
    with pytest.raises(TooManyPixels) as refused:
        just_over.inspect(images.png(40, 30))
    assert (refused.value.pixels, refused.value.limit) == (1_200, 1_000)
    with pytest.raises(TooManyPixels):
        processor.render(bomb, VARIANT_SPECS, None)


def test_a_png_named_jpeg_is_read_as_the_png_it_is() -> None:
    facts = processor.inspect(images.png(alpha=True))  # the declared type is ignored: the magic decides
    assert (facts.content_type, facts.width, facts.height) == ("image/png", 300, 200)
    card = next(r for r in processor.render(images.png(alpha=True), VARIANT_SPECS, None) if r.name == "card")
    assert card.width == 300  # transparency survives as WebP alpha


def test_webp_is_accepted_and_other_types_are_named_when_refused() -> None:
    assert processor.inspect(images.webp()).content_type == "image/webp"
    with pytest.raises(UnsupportedMediaType) as refused:
        processor.inspect(images.gif())
    assert refused.value.detected == "image/gif"
    with pytest.raises(UnsupportedMediaType):
        processor.inspect(b"<svg xmlns='http://www.w3.org/2000/svg'/>")


def test_a_truncated_file_is_corrupt() -> None:
    truncated = images.truncated_jpeg()
    processor.inspect(truncated)  # the header alone is fine...
    with pytest.raises(CorruptImage):  # ...decoding is not
        processor.render(truncated, VARIANT_SPECS, None)
    with pytest.raises(CorruptImage):
        processor.inspect(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)


def test_over_the_byte_cap_is_refused_before_anything_else() -> None:
    small_cap = PillowImageProcessor(max_bytes=1000)
    with pytest.raises(MediaTooLarge) as refused:
        small_cap.inspect(images.jpeg())
    assert refused.value.limit == 1000


def test_the_crop_box_is_in_upright_pixels() -> None:
    original = images.jpeg(600, 400, orientation=6)  # upright 400x600: red top half, blue bottom half
    (only,) = processor.render(original, (VariantSpec("full", 2048),), CropBox(0, 300, 400, 300))
    assert (only.width, only.height) == (400, 300)
    assert images.pixel(only.data, 200, 150)[2] > 150  # the bottom half: all blue


def test_heic_is_accepted_only_with_its_decoder() -> None:
    try:
        import pillow_heif  # noqa: F401
    except ImportError:
        assert "image/heic" not in processor.accepted_types
    else:
        assert "image/heic" in processor.accepted_types
