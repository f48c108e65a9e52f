"""The Moderator contract: the scripted fake, the manual queue and NudeNet (optional extra) must keep it."""

from __future__ import annotations

import pytest

from core.media.model import Classification
from core.media.ports import Moderator
from tests.unit.media import images


class ModeratorContract:
    """Subclass with a ``moderator`` fixture (left at its defaults: no script)."""

    @pytest.fixture
    def moderator(self) -> Moderator:
        raise NotImplementedError

    def test_a_verdict_names_its_moderator_and_scores_within_zero_and_one(self, moderator: Moderator) -> None:
        verdict = moderator.classify(images.jpeg())
        assert verdict.moderator == moderator.name and moderator.name
        assert isinstance(verdict.classification, Classification)
        assert all(0.0 <= score <= 1.0 for _, score in verdict.scores)

    def test_the_same_bytes_get_the_same_verdict(self, moderator: Moderator) -> None:
        image = images.png(400, 300)
        assert moderator.classify(image) == moderator.classify(image)

    def test_a_plain_generated_picture_is_never_unsafe(self, moderator: Moderator) -> None:
        for image in (images.jpeg(800, 600), images.png(300, 200, alpha=True), images.webp(640, 480)):
            assert moderator.classify(image).classification is not Classification.UNSAFE
