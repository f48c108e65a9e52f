"""The in-memory public views pass the PublicViews contract."""

from __future__ import annotations

import pytest

from adapters.memory.public_views import InMemoryPublicViews
from tests.contracts.public_views import PublicViewsContract


class TestInMemoryPublicViews(PublicViewsContract):
    @pytest.fixture
    def views(self) -> InMemoryPublicViews:
        return InMemoryPublicViews()
