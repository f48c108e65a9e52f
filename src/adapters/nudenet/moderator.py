"""NudeNet behind the Moderator port. The ONNX model ships inside the nudenet wheel (nothing is downloaded).

nudenet is AGPL-3.0, so it stays an optional extra (``pip install 'rastup[moderation]'``) and is imported only
when this moderator is built. Detections of exposed labels become scores; the highest decides: at or above
``unsafe_at`` -> unsafe, at or above ``review_at`` -> a person looks, below -> safe.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from PIL import Image

from core.media.model import Classification, Verdict

EXPOSED = (
    "FEMALE_GENITALIA_EXPOSED",
    "MALE_GENITALIA_EXPOSED",
    "FEMALE_BREAST_EXPOSED",
    "BUTTOCKS_EXPOSED",
    "ANUS_EXPOSED",
)


class NudeNetModerator:
    name = "nudenet"

    def __init__(self, *, unsafe_at: float = 0.6, review_at: float = 0.3) -> None:
        from nudenet import NudeDetector  # type: ignore[import-untyped]  # optional extra, no stubs

        self._detector: Any = NudeDetector()
        self._lock = threading.Lock()  # one ONNX session; inference calls are serialised
        self._unsafe_at = unsafe_at
        self._review_at = review_at

    def classify(self, image: bytes) -> Verdict:
        try:
            import numpy

            with Image.open(io.BytesIO(image)) as opened:
                pixels = numpy.asarray(opened.convert("RGBA"))  # nudenet converts RGBA -> BGR itself
            with self._lock:
                detections = self._detector.detect(pixels)
        except Exception as error:  # fail closed: an image the model cannot read goes to a person
            return Verdict(Classification.NEEDS_REVIEW, self.name, (("error:" + type(error).__name__, 1.0),))
        return verdict_from(detections, unsafe_at=self._unsafe_at, review_at=self._review_at)


def verdict_from(detections: list[dict[str, Any]], *, unsafe_at: float, review_at: float) -> Verdict:
    """NudeNet's detections (``{"class", "score", "box"}``) as a verdict: the highest exposed score decides."""
    scores: dict[str, float] = {}
    for found in detections:
        label, score = str(found["class"]), float(found["score"])
        scores[label] = max(score, scores.get(label, 0.0))
    worst = max((scores.get(label, 0.0) for label in EXPOSED), default=0.0)
    if worst >= unsafe_at:
        classification = Classification.UNSAFE
    elif worst >= review_at:
        classification = Classification.NEEDS_REVIEW
    else:
        classification = Classification.SAFE
    ranked = tuple(sorted(((k, round(v, 4)) for k, v in scores.items()), key=lambda kv: -kv[1]))
    return Verdict(classification, NudeNetModerator.name, ranked)
