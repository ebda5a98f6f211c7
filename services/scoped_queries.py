"""Read statements built once, with bind parameters, in two shapes: for every subject and for
the subjects a subject teacher may read. Building and keying a select costs more than running
it on SQLite, and the parents' queries run on every button press."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Executable, Row, Select, bindparam
from sqlalchemy.orm import Session

from services.context import Ctx


def any_of(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    return column.in_(bindparam(name, expanding=True))


def _plain(
    session: Session, statement: Executable, params: dict[str, Any]
) -> Sequence[Row[Any] | tuple[Any, ...]]:
    session.flush()  # what the ORM flushes before any query of its own
    return session.connection().execute(statement, params).all()


async def plain_rows(
    ctx: Ctx, statement: Executable, params: dict[str, Any] | None = None
) -> Sequence[Row[Any]]:
    """The rows of a statement of columns, without the ORM's result machinery (a third of a
    simple read's cost), in the operation's transaction. Read by position: on SQLite they come
    as plain tuples (db.fast_reads), elsewhere as SQLAlchemy's rows."""
    return await ctx.session.run_sync(_plain, statement, params or {})  # type: ignore[arg-type]


@dataclass(frozen=True)
class ScopedQuery:
    every: Select[Any]
    some: Select[Any]

    @classmethod
    def of(cls, statement: Select[Any], subject_column: ColumnElement[int]) -> "ScopedQuery":
        return cls(statement, statement.where(any_of(subject_column, "subject_ids")))

    async def rows(
        self, ctx: Ctx, subject_ids: Iterable[int] | None, **params: Any
    ) -> Sequence[Row[Any]]:
        if subject_ids is None:
            return await plain_rows(ctx, self.every, params)
        return await plain_rows(ctx, self.some, {**params, "subject_ids": list(subject_ids)})
