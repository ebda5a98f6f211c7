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

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CompoundSelect, Dialect, Executable, Select
from sqlalchemy.sql.compiler import SQLCompiler

Process = Callable[[Any], Any]


@dataclass(frozen=True)
class CompiledSelect:
    statement: Executable  # kept so that its id is not reused while it is cached
    compiled: SQLCompiler
    binds: tuple[tuple[str, Process], ...]  # the parameters whose values need converting
    results: tuple[Process | None, ...]  # a conversion per column, None for as is

    @property
    def sql(self) -> str:
        return self.compiled.string

    def parameters(self, params: Mapping[str, Any]) -> MutableMapping[str, Any]:
        values = self.compiled.construct_params(dict(params))
        for name, process in self.binds:
            values[name] = process(values[name])
        return values

    def converted(self, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        results = self.results
        if not any(results):
            return [tuple(row) for row in rows]
        return [
            tuple(value if p is None else p(value) for p, value in zip(results, row, strict=True))
            for row in rows
        ]


def compile_select(statement: Executable, dialect: Dialect) -> CompiledSelect | None:
    """The statement compiled for `dialect` (whose paramstyle is "named"), or None when it is
    not a plain SELECT this can run: a list parameter expanded at execution (IN), a value
    rendered into the SQL at execution, a parameter name the SQL would have to escape."""
    if dialect.paramstyle != "named" or not isinstance(statement, (Select, CompoundSelect)):
        return None
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
    results = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    )
    return CompiledSelect(statement, compiled, tuple(binds), results)
