"""Every read the readers of committed rows (SQLite's, PostgreSQL's) answer with their own
compiled statements, checked in every test against what SQLAlchemy's execution of the same
statement gives: the same values, of the same types, in the same order."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Executable

from db.postgres_reader import PostgresReader
from db.sqlite_reader import SqliteReader

# Rereads allowed while other tasks keep committing between the reader's read and the check's.
SETTLING = 3
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
    answer = rows
    for _ in range(SETTLING):  # another process may commit between the two reads
        if answer is None:
            break
        with reader.engine.connect() as connection:
            expected = connection.execute(statement, params).all()
        if typed(answer) == typed(expected):
            return rows
        answer = ANSWERED_ALONE(reader, statement, params)
    assert answer is None or typed(answer) == typed(expected), str(statement)
    return rows


async def postgres_rows_checked(
    reader: PostgresReader, statement: Executable, params: Mapping[str, Any]
) -> Sequence[Sequence[Any]] | None:
    rows = await ANSWERED_ALONE_ON_POSTGRESQL(reader, statement, params)
    answer = rows
    # The check's own read awaits: another task may commit in between (two workers at once),
    # and then the reader, asked again, must agree with what SQLAlchemy saw.
    for _ in range(SETTLING):
        if answer is None:
            break
        async with reader.engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT", **{CHECKING: True})
            expected = (await connection.execute(statement, params)).all()
        if typed(answer) == typed(expected):
            return rows
        answer = await ANSWERED_ALONE_ON_POSTGRESQL(reader, statement, params)
    assert answer is None or typed(answer) == typed(expected), str(statement)
    return rows


def is_the_check(connection: Connection) -> bool:
    return bool(connection.get_execution_options().get(CHECKING))
