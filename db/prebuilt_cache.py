"""A compiled-statement cache for statements built once, at import (SQLAlchemy's public
`compiled_cache` execution option).

SQLAlchemy finds a statement's compiled form by its cache key: a nested tuple of hundreds to
thousands of items, which Python hashes anew on every lookup (tuples do not keep their hash).
For the chat's standing statement that is some 20 µs, every message. A statement built once
keeps the very same key object (SQLAlchemy memoizes it on the statement), so this cache finds
it by identity: the big parts of the key are looked up by id() and confirmed with `is`; the
small ones (parameter names, flags) by value. A key it has not seen is compiled as usual.
"""

from typing import Any


def _lookup_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """The key with each nested part (the statement's structure) replaced by its id; the
    flat parts (the dialect, the parameter names, flags) stay as they are."""
    return tuple(
        id(part) if type(part) is tuple and not all(type(i) is str for i in part) else part
        for part in key
    )


class PrebuiltStatementCache:
    """Holds at most `limit` compiled statements; meant for statements that live as long as
    the process (the hot reads), so that the identities it keys on stay unique."""

    def __init__(self, limit: int = 512) -> None:
        self._limit = limit
        self._entries: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        found = self._entries.get(_lookup_key(key))
        if found is None:
            return default
        stored_key, compiled = found
        # An id is unique only among live objects: the stored key keeps its parts alive, and
        # `is` confirms each part is that very object.
        if all(a is b or a == b for a, b in zip(stored_key, key, strict=True)):
            return compiled
        return default

    def __getitem__(self, key: tuple[Any, ...]) -> Any:
        compiled = self.get(key)
        if compiled is None:
            raise KeyError(key)
        return compiled

    def __setitem__(self, key: tuple[Any, ...], compiled: Any) -> None:
        if len(self._entries) >= self._limit:
            self._entries.clear()  # statements built on the fly came this way: start over
        self._entries[_lookup_key(key)] = (key, compiled)

    def __len__(self) -> int:
        return len(self._entries)
