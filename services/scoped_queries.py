"""Read statements built once, with bind parameters, in two shapes: for every subject and for
the subjects a subject teacher may read. Building and keying a select costs more than running
it on SQLite, and the parents' queries run on every button press."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Executable, Select, SQLColumnExpression, bindparam, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from db.models import SubgroupMember
from db.postgres_reader import PostgresReader
from db.sqlite_reader import SqliteReader
from services.context import Ctx

# A select of any columns (SQLAlchemy 2.1 types them by a tuple of column types), and a row of
# its values, read by position (a Row, or a tuple from a reader of committed rows).
AnySelect = Select[*tuple[Any, ...]]
AnyRow = Sequence[Any]


def any_of(column: SQLColumnExpression[Any], name: str) -> ColumnElement[bool]:
    return column.in_(bindparam(name, expanding=True))


def whole_class_or_subgroup_of_pupil(
    column: SQLColumnExpression[int | None],
) -> ColumnElement[bool]:
    """The column names no subgroup (the whole class) or one of the pupil's (`pupil_id`), read
    in the statement rather than passed as a list: a list's IN is expanded anew at each run
    (and each length of it is another statement to prepare), which costs more than the read."""
    pupils_subgroups = select(SubgroupMember.subgroup_id).where(
        SubgroupMember.pupil_id == bindparam("pupil_id")
    )
    return column.is_(None) | column.in_(pupils_subgroups)


# Reads before an operation's first write need no transaction on PostgreSQL: under READ
# COMMITTED each statement sees what is committed when it starts, inside a transaction or not,
# and BEGIN and COMMIT are two round trips of the three or four a parent's question costs.
_OUTSIDE_A_TRANSACTION = "AUTOCOMMIT"


def _plain(session: Session, statement: Executable, params: dict[str, Any]) -> Sequence[AnyRow]:
    if not session.in_transaction():  # nothing written, nothing pending
        bind = session.get_bind()
        if bind.dialect.name == "postgresql" and isinstance(bind, Engine):
            # A pooled connection of the session's engine, outside the session: a later
            # write begins the operation's transaction on a connection of its own.
            with bind.connect() as connection:
                connection.execution_options(isolation_level=_OUTSIDE_A_TRANSACTION)
                return connection.execute(statement, params).all()
    session.flush()  # what the ORM flushes before any query of its own
    return session.connection().execute(statement, params).all()


async def plain_rows(
    ctx: Ctx, statement: Executable, params: dict[str, Any] | None = None
) -> Sequence[AnyRow]:
    """The rows of a statement of columns, without the ORM's result machinery (a third of a
    simple read's cost), in the operation's transaction once it has written (or begun through
    the ORM); before that outside any: on PostgreSQL on a pooled connection, on SQLite through
    the file's reader on this very thread (SQLite runs a SELECT outside a transaction in any
    case, so it sees the same). Read by position."""
    params = params or {}
    if not ctx.in_transaction():  # nothing written, nothing pending
        reader = ctx.reader
        rows = None
        if isinstance(reader, SqliteReader):
            rows = reader.rows(statement, params)
        elif isinstance(reader, PostgresReader):
            rows = await reader.rows(statement, params)
        if rows is not None:
            return rows
    return await ctx.session.run_sync(_plain, statement, params)


@dataclass(frozen=True)
class ScopedQuery:
    every: AnySelect
    some: AnySelect

    @classmethod
    def of(cls, statement: AnySelect, subject_column: SQLColumnExpression[int]) -> "ScopedQuery":
        return cls(statement, statement.where(any_of(subject_column, "subject_ids")))

    async def rows(
        self, ctx: Ctx, subject_ids: Iterable[int] | None, **params: Any
    ) -> Sequence[AnyRow]:
        if subject_ids is None:
            return await plain_rows(ctx, self.every, params)
        return await plain_rows(ctx, self.some, {**params, "subject_ids": list(subject_ids)})
