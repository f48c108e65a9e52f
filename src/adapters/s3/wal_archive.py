"""A WAL archive directory mirrored to an S3 bucket (off the machine), and pulled back before a restore.

The server archives into a local directory (its ``archive_command`` stays a plain copy: no interpreter per
segment); ``push`` copies every file not yet in the bucket, from cron every few seconds, so the RPO of losing the
machine is the archive's ``archive_timeout`` plus that period. Segments never change once archived: an object that
exists with another size is refused, never overwritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from core.shared.errors import InvalidInput


@attrs.frozen
class Mirrored:
    copied: int
    already: int


def _listing(client: Any, bucket: str, prefix: str) -> dict[str, int]:
    """Object name (without the prefix) -> size, for everything under ``prefix``."""
    found: dict[str, int] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            found[item["Key"][len(prefix) :]] = int(item["Size"])
    return found


def push(client: Any, bucket: str, prefix: str, directory: Path) -> Mirrored:
    """Upload each file of ``directory`` missing under ``prefix``; refuse one stored with another size."""
    stored = _listing(client, bucket, prefix)
    copied = already = 0
    # (a hidden name is a segment still being copied into the archive: it is mirrored once renamed)
    for file in sorted(path for path in directory.iterdir() if path.is_file() and not path.name.startswith(".")):
        size = file.stat().st_size
        if file.name in stored:
            if stored[file.name] != size:
                raise InvalidInput("bucket", f"{prefix}{file.name} exists with another size: never overwritten")
            already += 1
            continue
        client.upload_file(str(file), bucket, f"{prefix}{file.name}")
        copied += 1
    return Mirrored(copied, already)


def pull(client: Any, bucket: str, prefix: str, directory: Path) -> Mirrored:
    """Download each object under ``prefix`` missing from ``directory`` (created)."""
    directory.mkdir(parents=True, exist_ok=True)
    copied = already = 0
    for name in sorted(_listing(client, bucket, prefix)):
        if not name or "/" in name:
            continue
        if (directory / name).exists():
            already += 1
            continue
        client.download_file(bucket, f"{prefix}{name}", str(directory / name))
        copied += 1
    return Mirrored(copied, already)
