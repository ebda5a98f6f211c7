"""The cyclic garbage collector paused while a report builds its rows."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """For a stretch that reads and makes tens of thousands of objects that all live on: the
    collector would scan them again and again as they are made (a third of a school's results
    report on PostgreSQL, issue 13) and find no garbage among them. The tasks that run while
    the stretch awaits the database run with it off too: their cyclic garbage waits the half
    second. Left off if someone else turned it off; two stretches at once end with it on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
