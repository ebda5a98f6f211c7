"""Every read SQLite's reader answers with its own compiled statements, checked in every test
against what SQLAlchemy's execution of the same statement gives: the same values, of the same
types, in the same order."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Executable

from db.sqlite_reader import SqliteReader

_ANSWERED_ALONE = SqliteReader.rows


def typed(rows: Sequence[Sequence[Any]]) -> list[tuple[tuple[type, object], ...]]:
    return [tuple((type(value), value) for value in row) for row in rows]


def rows_checked(
    reader: SqliteReader, statement: Executable, params: Mapping[str, Any]
) -> Sequence[Sequence[Any]] | None:
    rows = _ANSWERED_ALONE(reader, statement, params)
    if rows is not None:
        with reader.engine.connect() as connection:
            expected = connection.execute(statement, params).all()
        assert typed(rows) == typed(expected), str(statement)
    return rows
