"""Media processing benchmark: a 24-megapixel camera JPEG (6000x4000, EXIF orientation, photo-like detail) into
every variant (thumb 320, card 800, full 2048 px long edge, WebP), with inspection first, as the pipeline does.

Budget (issue 6): <= 1.5 s per image, in-process (median of the rounds).
Run: .venv/bin/python perf/bench_media.py [--rounds 5] [--crop] [--check]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time

from PIL import Image, ImageDraw, ImageFilter

from adapters.pillow.image_processor import PillowImageProcessor
from core.media.keys import VARIANT_SPECS
from core.media.model import CropBox

BUDGET_S = 1.5


def camera_jpeg(width: int = 6000, height: int = 4000) -> bytes:
    """A JPEG as a camera writes it: quality 92, EXIF (orientation 1), gradients, edges and noise to encode."""
    image = Image.merge("RGB", [Image.linear_gradient("L").resize((width, height)),
                                Image.radial_gradient("L").resize((width, height)),
                                Image.effect_noise((width, height), 48)])  # fmt: skip
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 240):
        draw.line((i, 0, width - i, height), fill=(255, 255 - i % 255, i % 255), width=9)
    image = image.filter(ImageFilter.GaussianBlur(1))
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x010F] = "Benchmark Camera"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--crop", action="store_true", help="also apply an owner's crop box (4000x3000)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the median is over budget")
    args = parser.parse_args()
    data = camera_jpeg()
    processor = PillowImageProcessor()
    crop = CropBox(1000, 500, 4000, 3000) if args.crop else None
    timings = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        facts = processor.inspect(data)
        rendered = processor.render(data, VARIANT_SPECS, crop)
        timings.append(time.perf_counter() - started)
    sizes = ", ".join(f"{r.name} {r.width}x{r.height} {len(r.data) // 1024} KiB" for r in rendered)
    median = statistics.median(timings)
    print(f"24 MP JPEG ({facts.width}x{facts.height}, {len(data) / 1e6:.1f} MB) -> {sizes}")
    print(f"median {median:.3f} s, min {min(timings):.3f} s, max {max(timings):.3f} s over {args.rounds} rounds "
          f"(budget {BUDGET_S} s)")  # fmt: skip
    return 1 if args.check and median > BUDGET_S else 0


if __name__ == "__main__":
    sys.exit(main())
