"""How far a long import has got, for a progress bar: the command line shows one, the chat
does not need it. Set around one import; the stages report into it."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Progress = Callable[[str, int, int], None]  # stage, done, total (0: not known)

_current: ContextVar[Progress | None] = ContextVar("school_import_progress", default=None)


def report_progress(stage: str, done: int = 0, total: int = 0) -> None:
    callback = _current.get()
    if callback is not None:
        callback(stage, done, total)


@contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    token = _current.set(progress)
    try:
        yield
    finally:
        _current.reset(token)
