"""The suite's own guard: an unhandled error logged by the server is seen (so the guard can fail)."""

from __future__ import annotations

import sys


def test_the_guard_sees_an_unhandled_error_line(capsys) -> None:  # type: ignore[no-untyped-def]
    print('{"event": "unhandled_error"}', file=sys.stderr)
    assert '"unhandled_error"' in capsys.readouterr().err  # read here, so the autouse guard sees a clean stream
