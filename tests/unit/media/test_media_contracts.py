"""The media contracts on the in-memory twins and the local filesystem store."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.filesystem.object_store import LocalObjectStore
from adapters.memory.clock import FixedClock
from adapters.memory.media import InMemoryMediaUnitOfWork, InMemoryObjectStore
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from core.media.ports import UploadTarget
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind
from tests.contracts.media_repository import NOW, AddProfile, MediaRepositoryContract, NewMediaUow
from tests.contracts.object_store import NOW as STORE_NOW
from tests.contracts.object_store import ObjectStoreContract, SendUpload


def profile(profile_id: str) -> ProfileDraft:
    fields = ProfileFields.validated(kind=ProfileKind.PROVIDER, display_name="Ana", headline="", bio="", roles=(),
                                     city="los-angeles")  # fmt: skip
    return ProfileDraft.new(profile_id=profile_id, kind=ProfileKind.PROVIDER, slug=profile_id.replace("_", "-"),
                            fields=fields, now=NOW)  # fmt: skip


class TestInMemoryMediaRepository(MediaRepositoryContract):
    @pytest.fixture
    def database(self) -> InMemoryDatabase:
        return InMemoryDatabase()

    @pytest.fixture
    def new_uow(self, database: InMemoryDatabase) -> NewMediaUow:
        return lambda: InMemoryMediaUnitOfWork(database)

    @pytest.fixture
    def add_profile(self, database: InMemoryDatabase) -> AddProfile:
        def add(profile_id: str) -> None:
            with InMemoryProfilesUnitOfWork(database) as uow:
                uow.profiles.add(profile(profile_id))
                uow.commit()

        return add


class TestInMemoryObjectStore(ObjectStoreContract):
    @pytest.fixture
    def store(self) -> InMemoryObjectStore:
        return InMemoryObjectStore()

    @pytest.fixture
    def send_upload(self, store: InMemoryObjectStore) -> SendUpload:
        return lambda target, body: store.receive(target.url.removeprefix("memory://"), body)


class TestLocalObjectStore(ObjectStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> LocalObjectStore:
        return LocalObjectStore(str(tmp_path / "media"), b"test-signing-key", "http://127.0.0.1:8000")

    @pytest.fixture
    def send_upload(self, store: LocalObjectStore) -> SendUpload:
        def send(target: UploadTarget, body: bytes) -> None:
            token = target.url.rsplit("/uploads/", 1)[1]
            store.receive(token, body, target.headers["Content-Type"], FixedClock(STORE_NOW).now())

        return send
