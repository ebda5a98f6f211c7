"""A SELECT compiled once, run on a DB-API connection with its values converted as SQLAlchemy
converts them.

For each execution SQLAlchemy looks its compiled form up by the statement's cache key, hashing
that key anew each time: for the chat's standing read, a union of a dozen selects, the lookup
alone costs more than SQLite's answer. A statement the reader runs over and over is compiled
here once instead, for a dialect that names its parameters (so no parameter order is needed),
and run with the conversions the statement's types declare, through public APIs only: the
compiled string and `construct_params`, `bind_names`, `selected_columns`, and each type's
`bind_processor` and `result_processor` for the dialect.
"""

import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, CompoundSelect, Dialect, Executable, Select
from sqlalchemy.sql.compiler import SQLCompiler

Process = Callable[[Any], Any]
T = TypeVar("T")


@dataclass(frozen=True)
class CompiledSelect:
    statement: "Select[Any] | CompoundSelect[Any]"  # kept: its id is not reused while cached
    compiled: SQLCompiler
    binds: tuple[tuple[str, Process], ...]  # the parameters whose values need converting
    # A conversion per column (None: as is), once the driver's column types are known.
    results: tuple[Process | None, ...] | None = None

    @property
    def columns(self) -> int:
        return len(self.statement.selected_columns)

    @property
    def sql(self) -> str:
        return self.compiled.string

    def parameters(self, params: Mapping[str, Any]) -> MutableMapping[str, Any]:
        values = self.compiled.construct_params(dict(params))
        for name, process in self.binds:
            values[name] = process(values[name])
        return values

    def with_column_types(self, column_types: Sequence[Any]) -> "CompiledSelect | None":
        """The conversions for the driver's own type of each column (PostgreSQL's type oids,
        as its cursor describes them): some types convert by what the server sends. None if
        the driver describes another number of columns than the statement selects."""
        if len(column_types) != self.columns:
            return None
        dialect = self.compiled.dialect
        return replace(self, results=_results(self.statement, dialect, column_types))

    def converted(self, rows: Iterable[Iterable[Any]]) -> list[tuple[Any, ...]]:
        results = self.results
        assert results is not None, "with_column_types first"
        if not any(results):
            return [tuple(row) for row in rows]
        return [
            tuple(value if p is None else p(value) for p, value in zip(results, row, strict=True))
            for row in rows
        ]


def compile_select(statement: Executable, dialect: Dialect) -> CompiledSelect | None:
    """The statement compiled for `dialect` (whose paramstyle is "named"), or None when it is
    not a plain SELECT this can run: a list parameter expanded at execution (IN), a value
    rendered into the SQL at execution, a parameter name the SQL would have to escape. Its
    rows convert once `with_column_types` has been told what the driver says of them."""
    if dialect.paramstyle != "named" or not isinstance(statement, (Select, CompoundSelect)):
        return None
    if not statement.selected_columns:  # text() in place of columns: not known before a run
        return None
    if any(isinstance(c.type, JSON) for c in statement.selected_columns):
        return None  # decoded by codecs SQLAlchemy's own connections set up
    compiled = statement.compile(dialect=dialect)
    if not isinstance(compiled, SQLCompiler):
        return None
    binds: list[tuple[str, Process]] = []
    for bind, name in compiled.bind_names.items():
        if bind.expanding or bind.literal_execute or not name.isidentifier():
            return None
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            binds.append((name, process))
    return CompiledSelect(statement, compiled, tuple(binds))


def _results(
    statement: Select[Any] | CompoundSelect[Any], dialect: Dialect, column_types: Sequence[Any]
) -> tuple[Process | None, ...]:
    return tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, column_type)
        for column, column_type in zip(statement.selected_columns, column_types, strict=True)
    )


# A `:name` parameter of the compiled string: not the second colon of a PostgreSQL cast (`::`),
# nor inside a word.
_NAMED = re.compile(r"(?<![:\w]):(\w+)")


@dataclass(frozen=True)
class NumberedSelect:
    """A CompiledSelect with its parameters numbered `$1, $2…` for asyncpg: each name gets the
    number of its first place, and a name used twice is one argument."""

    select: CompiledSelect
    sql: str
    names: tuple[str, ...]  # the argument of each number

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        values = self.select.parameters(params)
        return [values[name] for name in self.names]


def number_parameters(compiled: CompiledSelect) -> NumberedSelect | None:
    """None when a name of the compiled string is not one of its parameters (nothing this
    module expects, but then the string cannot be trusted to number)."""
    known = set(compiled.compiled.bind_names.values())
    numbers: dict[str, int] = {}
    strangers: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in known:
            strangers.append(name)
            return match.group(0)
        return f"${numbers.setdefault(name, len(numbers) + 1)}"

    sql = _NAMED.sub(number, compiled.sql)
    if strangers or set(numbers) != known:
        return None
    return NumberedSelect(compiled, sql, tuple(numbers))


class CompiledCache(Generic[T]):
    """Compiled forms by statement (None: one that runs as usual), a few hundred at most: the
    hot reads are module constants; a statement built anew for each call is left to
    SQLAlchemy's own cache once these are taken. Kept with the statement itself, so that an
    id freed and taken by another statement does not find the first one's."""

    MOST = 256

    def __init__(self, compile: Callable[[Executable], T | None]) -> None:
        self._compile = compile
        self._found: dict[int, tuple[Executable, T | None]] = {}

    def __call__(self, statement: Executable) -> T | None:
        known, found = self._found.get(id(statement), (None, None))
        if known is statement:
            return found
        if len(self._found) >= self.MOST:
            return None
        found = self._compile(statement)
        self._found[id(statement)] = (statement, found)
        return found

    def replace(self, statement: Executable, found: T | None) -> None:
        self._found[id(statement)] = (statement, found)
