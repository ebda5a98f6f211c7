"""The cyclic garbage collector paused while a report builds its rows."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """For a stretch of pure computation (no await) that makes tens of thousands of objects
    that all live on: the collector would scan them again and again as they are made, a
    quarter of a school's results report (issue 13), and find no garbage among them. Left off
    if someone else turned it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
