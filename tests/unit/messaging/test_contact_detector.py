"""The library-backed ContactDetector keeps the contract, refuses unknown regions, and never touches the network."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from adapters.contacts.detector import LibraryContactDetector
from core.messaging.ports import ContactDetector
from tests.contracts.contact_detector import ContactDetectorContract
from tests.unit.messaging.messaging_world import DETECTOR


class TestLibraryContactDetector(ContactDetectorContract):
    @pytest.fixture
    def detector(self) -> ContactDetector:
        return DETECTOR


def test_national_numbers_are_read_for_the_configured_regions() -> None:
    text = "call me on 07911 123456"
    assert list(DETECTOR.contacts(text)) == []  # a UK national number, to a US reader
    assert len(LibraryContactDetector(("US", "GB")).contacts(text)) == 1


def test_an_unknown_region_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="XX"):
        LibraryContactDetector(("US", "XX"))


NO_NETWORK = textwrap.dedent(
    """
    import socket

    def refused(*args, **kwargs):
        raise AssertionError("network used")

    class NoSocket(socket.socket):
        __init__ = refused

    socket.socket = NoSocket
    socket.create_connection = refused
    socket.getaddrinfo = refused
    from adapters.contacts.detector import LibraryContactDetector

    found = LibraryContactDetector().contacts("see bophoto.com or t.me/bo, ana@gmail.com, +1 212 555 0147")
    assert len(found) == 4, found
    print("offline")
    """
)


def test_the_detector_starts_and_reads_with_the_network_refused_and_no_cache(tmp_path: Path) -> None:
    """A fresh process (imports included) whose sockets raise, with empty home and cache directories: urlextract
    reads the TLD list in its wheel and never asks IANA for a newer one."""
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": "src"}
    done = subprocess.run([sys.executable, "-c", NO_NETWORK], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "offline"
    assert not (tmp_path / "cache").exists()
