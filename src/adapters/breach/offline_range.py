"""Breach check against range files in a directory: no network, same k-anonymity shape."""

from __future__ import annotations

from pathlib import Path

from adapters.breach.k_anonymity import parse_range, sha1_hex
from core.identity.errors import BreachCheckUnavailable

SHIPPED_CORPUS = Path(__file__).with_name("corpus")
SHIPPED_PREFIX_LENGTH = 2


class OfflineRangeBreachedPasswords:
    """Reads ``{directory}/{PREFIX}.txt`` where PREFIX is the first ``prefix_length`` hex chars of
    the SHA-1 and each line is ``REST-OF-HASH:COUNT``.

    ``prefix_length=5`` is the layout of a full range-API mirror (one file per range, 35-char
    suffixes); the small shipped corpus uses 2 (256 files). A missing file means an empty range.
    """

    def __init__(self, directory: Path, prefix_length: int = 5) -> None:
        if not 1 <= prefix_length <= 5:
            raise ValueError("prefix_length is 1..5 hex characters")
        self._directory = directory
        self._prefix_length = prefix_length

    @classmethod
    def shipped(cls) -> OfflineRangeBreachedPasswords:
        """The corpus shipped with the code: common passwords, see ``build_corpus``."""
        return cls(SHIPPED_CORPUS, SHIPPED_PREFIX_LENGTH)

    def is_breached(self, password: str) -> bool:
        if not self._directory.is_dir():
            raise BreachCheckUnavailable(f"no range directory at {self._directory}")
        digest = sha1_hex(password)
        path = self._directory / f"{digest[: self._prefix_length]}.txt"
        try:
            body = path.read_text(encoding="ascii")
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise BreachCheckUnavailable(f"range file {path.name}: {type(exc).__name__}") from exc
        return digest[self._prefix_length :] in parse_range(body)
