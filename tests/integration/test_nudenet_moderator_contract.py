"""NudeNet (optional AGPL extra ``rastup[moderation]``) keeps the Moderator contract with its real ONNX model."""

from __future__ import annotations

import pytest

from tests.contracts.moderator import ModeratorContract
from tests.unit.media.test_nudenet_moderator import needs_nudenet

pytestmark = [pytest.mark.integration, needs_nudenet]


class TestNudeNetModerator(ModeratorContract):
    @pytest.fixture(scope="class")
    def moderator(self) -> object:
        from adapters.nudenet.moderator import NudeNetModerator  # only importable with the extra

        return NudeNetModerator()
