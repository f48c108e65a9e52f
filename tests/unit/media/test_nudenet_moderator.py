"""The NudeNet moderator (optional extra ``rastup[moderation]``): its real ONNX model on generated images,
and the mapping from detections to a verdict.

nudenet is AGPL and optional, so it is not in the dev extra. Without it the model test is skipped, with the
reason, everywhere (CI included: CI does not install the extra); the verdict mapping runs always.
"""

from __future__ import annotations

import importlib.util

import pytest

from adapters.nudenet.moderator import verdict_from
from core.media.model import Classification
from tests.unit.media import images

HAS_NUDENET = importlib.util.find_spec("nudenet") is not None
needs_nudenet = pytest.mark.skipif(
    not HAS_NUDENET, reason="nudenet not installed: pip install 'rastup[moderation]' (optional AGPL extra)"
)


@needs_nudenet
def test_the_real_model_finds_nothing_exposed_in_a_plain_picture_and_fails_closed_on_garbage() -> None:
    from adapters.nudenet.moderator import NudeNetModerator

    moderator = NudeNetModerator()
    verdict = moderator.classify(images.webp(800, 600))
    assert (verdict.classification, verdict.moderator) == (Classification.SAFE, "nudenet")
    unreadable = moderator.classify(b"\xff\xd8\xff not really a jpeg")
    assert unreadable.classification is Classification.NEEDS_REVIEW
    assert unreadable.scores[0][0].startswith("error:")


@pytest.mark.parametrize(
    ("detections", "expected"),
    [
        ([], Classification.SAFE),
        ([{"class": "FACE_FEMALE", "score": 0.97, "box": [0, 0, 9, 9]}], Classification.SAFE),
        ([{"class": "FEMALE_BREAST_COVERED", "score": 0.9, "box": []}], Classification.SAFE),
        ([{"class": "BUTTOCKS_EXPOSED", "score": 0.45, "box": []}], Classification.NEEDS_REVIEW),
        ([{"class": "BUTTOCKS_EXPOSED", "score": 0.2, "box": []},
          {"class": "MALE_GENITALIA_EXPOSED", "score": 0.81, "box": []}], Classification.UNSAFE),
    ],
)  # fmt: skip
def test_the_highest_exposed_score_decides(detections, expected) -> None:
    verdict = verdict_from(detections, unsafe_at=0.6, review_at=0.3)
    assert verdict.classification is expected
    assert [score for _, score in verdict.scores] == sorted((s for _, s in verdict.scores), reverse=True)
