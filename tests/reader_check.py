"""Every read the readers of committed rows (SQLite's, PostgreSQL's) answer with their own
compiled statements, checked in every test against what SQLAlchemy's execution of the same
statement gives: the same values, of the same types, in the same order."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Executable

from db.postgres_reader import PostgresReader
from db.sqlite_reader import SqliteReader

# The execution option that marks the check's own statements, which statement counts leave out.
CHECKING = "reader_check"

ANSWERED_ALONE = SqliteReader.rows
ANSWERED_ALONE_ON_POSTGRESQL = PostgresReader.rows


def typed(rows: Sequence[Sequence[Any]]) -> list[tuple[tuple[type, object], ...]]:
    return [tuple((type(value), value) for value in row) for row in rows]


def rows_checked(
    reader: SqliteReader, statement: Executable, params: Mapping[str, Any]
) -> Sequence[Sequence[Any]] | None:
    rows = ANSWERED_ALONE(reader, statement, params)
    if rows is not None:
        with reader.engine.connect() as connection:
            expected = connection.execute(statement, params).all()
        assert typed(rows) == typed(expected), str(statement)
    return rows


async def postgres_rows_checked(
    reader: PostgresReader, statement: Executable, params: Mapping[str, Any]
) -> Sequence[Sequence[Any]] | None:
    rows = await ANSWERED_ALONE_ON_POSTGRESQL(reader, statement, params)
    if rows is not None:
        async with reader.engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT", **{CHECKING: True})
            expected = (await connection.execute(statement, params)).all()
        assert typed(rows) == typed(expected), str(statement)
    return rows


def is_the_check(connection: Connection) -> bool:
    return bool(connection.get_execution_options().get(CHECKING))
