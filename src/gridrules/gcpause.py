"""Pausing CPython's cyclic garbage collector while building large acyclic structures."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Loading a city registry or compiling its index makes ~10^6 small acyclic objects, and
    the cyclic collector would rescan the growing heap again and again (measured: validating
    a city 4.9 s → 2.0 s). Refcounting still frees everything, so the pause only saves time.
    The previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
