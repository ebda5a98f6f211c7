"""Read statements built once, with bind parameters, in two shapes: for every subject and for
the subjects a subject teacher may read. Building and keying a select costs more than running
it on SQLite, and the parents' queries run on every button press."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam

from services.context import Ctx


def any_of(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    return column.in_(bindparam(name, expanding=True))


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
            result = await ctx.session.execute(self.every, params)
        else:
            result = await ctx.session.execute(
                self.some, {**params, "subject_ids": list(subject_ids)}
            )
        return result.all()
