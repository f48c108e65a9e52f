"""The composition root's one kind of singleton.

Every singleton is a ``ThreadSafeSingleton``: the service's background rounds and its request threads resolve
providers from the first moment, and a plain ``Singleton`` asked by two threads at once builds two (the bus of one
holding the availability marks the sweep of the other never sees). Built under a lock when first asked; no lock once
built.
"""

from __future__ import annotations

from dependency_injector import providers

Singleton = providers.ThreadSafeSingleton
