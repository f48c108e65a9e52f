"""The scripted fake and the manual review queue keep the Moderator contract (NudeNet: tests/integration)."""

from __future__ import annotations

import pytest

from adapters.memory.moderation import ScriptedModerator
from adapters.staff.manual_moderation import ManualReviewModerator
from core.media.model import Classification
from tests.contracts.moderator import ModeratorContract
from tests.unit.media import images


class TestScriptedModerator(ModeratorContract):
    @pytest.fixture
    def moderator(self) -> ScriptedModerator:
        return ScriptedModerator()


class TestManualReviewModerator(ModeratorContract):
    @pytest.fixture
    def moderator(self) -> ManualReviewModerator:
        return ManualReviewModerator()

    def test_nothing_is_public_before_a_person_looks(self, moderator: ManualReviewModerator) -> None:
        assert moderator.classify(images.jpeg()).classification is Classification.NEEDS_REVIEW
