"""The hot reads (services.scoped_queries.plain_rows) on SQLite, straight on the driver.

Every chat message runs two to four prebuilt SELECTs. Through SQLAlchemy each costs some
50 µs besides the SQL (execution context, parameter and result processing, result objects),
more than SQLite takes to answer. Here a statement is compiled by SQLAlchemy once per dialect,
and what SQLAlchemy would do at each execution is kept as a plan: the SQL text, the order of
the parameters with their defaults and the type's bind processors, and each result column's
result processor. A read then is one sqlite3 call and a loop over the rows.

Taken only where it gives what SQLAlchemy would: our SQLite driver reading on this thread
(WAL, see db.sqlite_driver), a plain SELECT, no listener on the engine's executions (logging,
tests counting statements). Anything
else, or any error from SQLite, goes SQLAlchemy's way; tests/test_fast_reads.py holds both
ways to the same rows for every prebuilt statement.
"""

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import BindParameter

from db.sqlite_driver import sqlite_for_reads

Processor = Callable[[Any], Any] | None
_NO_DEFAULT = object()
_EXPANDING = re.compile(r"\(__\[POSTCOMPILE_(\w+)\]\)")


@dataclass(frozen=True)
class _Parameter:
    name: str
    default: Any
    process: Processor
    expanding: bool


@dataclass
class ReadPlan:
    sql: str
    parameters: tuple[_Parameter, ...]
    results: tuple[Processor, ...]
    expanding: bool
    empty_set: str
    # The SQL with its IN lists spelt out, by the lengths of the lists.
    _by_lengths: dict[tuple[int, ...], str]

    def bind(self, params: dict[str, Any]) -> tuple[str, list[Any]] | None:
        """The SQL and its values; None if a value is missing (SQLAlchemy says which)."""
        values: list[Any] = []
        lengths: list[int] = []
        for p in self.parameters:
            value = params.get(p.name, p.default)
            if value is _NO_DEFAULT:
                return None
            if p.expanding:
                lengths.append(len(value))
                values += [v if p.process is None else p.process(v) for v in value]
            else:
                values.append(value if p.process is None or value is None else p.process(value))
        if not self.expanding:
            return self.sql, values
        key = tuple(lengths)
        sql = self._by_lengths.get(key)
        if sql is None:
            counts = iter(lengths)
            sql = _EXPANDING.sub(lambda _: self._in_list(next(counts)), self.sql)
            self._by_lengths[key] = sql
        return sql, values

    def _in_list(self, length: int) -> str:
        # An empty list as SQLAlchemy writes it for the dialect: a set with no rows.
        return "(" + (", ".join("?" * length) if length else self.empty_set) + ")"

    def rows(self, raw: sqlite3.Connection, sql: str, values: list[Any]) -> list[tuple[Any, ...]]:
        found = raw.execute(sql, values).fetchall()
        processors = self.results
        if not any(processors):
            return found
        return [
            tuple(
                v if f is None or v is None else f(v) for f, v in zip(processors, row, strict=True)
            )
            for row in found
        ]


def _processor_of(bind: BindParameter[Any], dialect: Dialect) -> Processor:
    return bind.type.dialect_impl(dialect).bind_processor(dialect)


def plan(statement: Executable, dialect: Dialect) -> ReadPlan | None:
    """The plan of a SELECT compiled for SQLite's qmark style; None for anything else."""
    compiled = statement.compile(dialect=dialect)
    sql = compiled.string
    if (
        not sql.lstrip().upper().startswith("SELECT")
        or compiled.positiontup is None
        or compiled.escaped_bind_names
    ):
        return None
    parameters = []
    for name in compiled.positiontup:
        bind = compiled.binds[name]
        if bind.callable is not None or bind.literal_execute or bind.type._is_tuple_type:
            return None
        default = _NO_DEFAULT if bind.required else bind.value
        parameters.append(_Parameter(name, default, _processor_of(bind, dialect), bind.expanding))
    columns = getattr(statement, "selected_columns", None)
    if columns is None:
        return None
    results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
    expanding = any(p.expanding for p in parameters)
    empty_set = compiled.visit_empty_set_expr([]) if expanding else ""  # type: ignore[attr-defined]
    return ReadPlan(sql, tuple(parameters), results, expanding, empty_set, {})


_PLANS_LIMIT = 512
_PLANS: dict[tuple[int, int], tuple[Executable, Dialect, ReadPlan | None]] = {}


def _plan_for(statement: Executable, dialect: Dialect) -> ReadPlan | None:
    key = (id(statement), id(dialect))
    found = _PLANS.get(key)
    if found is None or found[0] is not statement or found[1] is not dialect:
        if len(_PLANS) >= _PLANS_LIMIT:
            _PLANS.clear()  # statements built on the fly came this way: start over
        found = (statement, dialect, plan(statement, dialect))
        _PLANS[key] = found  # both are held: their ids stay their own
    return found[2]


def _watched(connection: Connection) -> bool:
    """Listeners on the connection's or the engine's executions, or SQL echo (SQLAlchemy's
    own flags; should they ever go, every read goes SQLAlchemy's way)."""
    return bool(
        getattr(connection, "_has_events", True)
        or getattr(connection.engine, "_has_events", True)
        or getattr(connection, "_echo", True)
    )


def read_here(
    connection: Connection, statement: Executable, params: dict[str, Any]
) -> Sequence[tuple[Any, ...]] | None:
    """The rows, read straight on SQLite; None when the read must go SQLAlchemy's way."""
    if _watched(connection):
        return None  # someone watches the executions: let them see this one
    raw = sqlite_for_reads(connection.connection.dbapi_connection)
    if raw is None:
        return None
    read_plan = _plan_for(statement, connection.dialect)
    if read_plan is None:
        return None
    bound = read_plan.bind(params)
    if bound is None:
        return None
    try:
        return read_plan.rows(raw, *bound)
    except sqlite3.Error:
        return None  # SQLAlchemy runs it again and raises its own error, as anywhere else
