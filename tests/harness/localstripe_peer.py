"""localstripe peer: a fake Stripe API on loopback, started from scratch, flushed between tests."""

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.harness.policy import PeerUnavailable
from tests.harness.processes import answers_http, launch_server, running_server

# localstripe pickles its whole store to this literal path on every write (resources.Store.dump_to_disk):
# it ignores TMPDIR and is shared by every instance on the machine. Started "from scratch" an instance
# never reads it, so sharing is harmless as long as the file is writable.
PICKLE_PATH = Path("/tmp/localstripe.pickle")

# Same as `localstripe --from-scratch --port N` (which skips try_load_from_disk), except that the CLI
# binds '::' (every interface); serving its aiohttp app ourselves keeps it on 127.0.0.1. And it keeps
# Stripe's promise that localstripe lacks: a POST repeated with its Idempotency-Key gets the first answer
# again (any but a 5xx, as Stripe does), instead of doing the work twice; emptying the store forgets them.
_LAUNCHER = (
    "import sys\n"
    "from aiohttp import web\n"
    "from localstripe.server import app\n"
    "answers = {}\n"
    "@web.middleware\n"
    "async def idempotent(request, handler):\n"
    "    if request.method == 'DELETE' and request.path == '/_config/data':\n"
    "        answers.clear()\n"
    "    key = request.headers.get('Idempotency-Key')\n"
    "    if request.method != 'POST' or not key:\n"
    "        return await handler(request)\n"
    "    scope = (request.headers.get('Authorization'), request.path, key)\n"
    "    if scope in answers:\n"
    "        status, body = answers[scope]\n"
    "        return web.Response(status=status, body=body, content_type='application/json',\n"
    "                            headers={'Idempotent-Replayed': 'true'})\n"
    "    response = await handler(request)\n"
    "    if response.status < 500:\n"
    "        answers[scope] = (response.status, response.body)\n"
    "    return response\n"
    "app.middlewares.insert(0, idempotent)\n"
    "web.run_app(app, host='127.0.0.1', port=int(sys.argv[1]), print=None)\n"
)


def flush(base_url: str) -> None:
    """Forget every object (DELETE /_config/data empties the in-memory store)."""
    httpx.delete(f"{base_url}/_config/data", timeout=5).raise_for_status()


def _check_pickle_writable() -> None:
    """Fail early and clearly: an unwritable pickle turns every localstripe write into a 500."""
    target = PICKLE_PATH if PICKLE_PATH.exists() else PICKLE_PATH.parent
    if not os.access(target, os.W_OK):
        detail = f"{target} is not writable by this user: every localstripe write would fail with a 500"
        raise PeerUnavailable("localstripe", f"check {PICKLE_PATH} is writable", detail)


@contextlib.contextmanager
def private_server(work_dir: Path) -> Iterator[str]:
    """Start localstripe on a free loopback port; yield its base URL; terminate it afterwards."""
    pickle_existed = PICKLE_PATH.exists()
    _check_pickle_writable()
    server = launch_server(
        "localstripe",
        lambda port: [sys.executable, "-c", _LAUNCHER, str(port)],
        lambda port: answers_http(f"http://127.0.0.1:{port}/js.stripe.com/v3/"),
        work_dir,
    )
    try:
        with running_server(server):
            yield f"http://127.0.0.1:{server.port}"
    finally:
        if not pickle_existed:
            PICKLE_PATH.unlink(missing_ok=True)
