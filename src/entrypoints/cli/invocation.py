"""The one container of a CLI invocation: built when a command first asks for it, closed when the command ends."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from config.container import Container, build_container
from config.settings import Settings
from core.shared.commands import Answer, Command


class Invocation:
    """What one run of ``rastup`` shares. The container is built on first use, inside the command, so ``--help``,
    ``db upgrade`` and ``serve`` never build one and a bad setting is reported by the command's own error
    handler (exit 6); building it connects to nothing (the engine opens when a unit of work first runs)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings  # None: read (and refused) when the container is built
        self._container: Container | None = None

    @property
    def container(self) -> Container:
        if self._container is None:
            self._container = build_container(self._settings)
        return self._container

    def close(self) -> None:
        """Dispose what the container opened (the engine's pool); nothing when no command built it."""
        if self._container is not None:
            self._container.shutdown_resources()


_running: ContextVar[Invocation | None] = ContextVar("rastup_invocation", default=None)


def begin(settings: Settings | None) -> Callable[[], None]:
    """Start an invocation (the root callback does); returns what ends it: close the container, forget it."""
    invocation = Invocation(settings)
    token = _running.set(invocation)

    def end() -> None:
        invocation.close()
        _running.reset(token)

    return end


def current_container() -> Container:
    """The container of the running invocation: the same one for every step of the command."""
    invocation = _running.get()
    if invocation is None:  # a sub-app run on its own, outside ``entrypoints.cli.app``
        raise RuntimeError("no rastup invocation is running: run commands through entrypoints.cli.app")
    return invocation.container


def handle(command: Command[Answer]) -> Answer:
    """Hand ``command`` to this invocation's command bus (the operator's commands carry ``OPERATOR``)."""
    return current_container().commands().handle(command)
