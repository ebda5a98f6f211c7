"""The hot reads straight on SQLite (db/fast_reads.py) give what SQLAlchemy gives, row for row,
for every prebuilt read the conversation runs; and they step aside where they must."""

from typing import Any

import pytest
from sqlalchemy import Connection, Executable, select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

import services.scoped_queries as scoped_queries
from db import fast_reads
from db.models import Person
from services.access import _SCOPE_QUERY
from services.context import Ctx, Journal
from services.scoped_queries import plain_rows
from tests.read_rows import count_queries
from tests.test_conversation_kit import add_records, linked_chat
from tests.tiny_school import TinySchool

FLOWS = {
    "g2": ["Оценки", "По предметам", "Итоговые", "В меню", "Домашнее задание", "На неделю"],
    "g1": [
        *("Мария, 5Б", "Расписание", "3. Математика", "В меню", "Расписание", "Неделя"),
        *("След. неделя ▶", "В меню", "Посещаемость"),
    ],
    "a1": ["Оценки", "В меню", "Расписание", "Неделя", "В меню", "Домашнее задание"],
}


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Runs every fast read SQLAlchemy's way too and compares; counts the reads by way."""
    seen = {"fast": 0, "sqlalchemy": 0}

    def both_ways(
        connection: Connection, statement: Executable, params: dict[str, Any]
    ) -> list[tuple[Any, ...]] | None:
        fast = fast_reads.read_here(connection, statement, params)
        if fast is None:
            seen["sqlalchemy"] += 1
            return None
        expected = [tuple(row) for row in connection.execute(statement, params).all()]
        assert list(fast) == expected, str(statement)[:200]
        assert [list(map(type, row)) for row in fast] == [list(map(type, r)) for r in expected]
        seen["fast"] += 1
        return list(fast)

    monkeypatch.setattr(scoped_queries, "read_here", both_ways)
    return seen


async def test_every_conversation_read_gives_sqlalchemy_s_rows(
    journal: Journal, tiny: TinySchool, database_url: str, compared: dict[str, int]
) -> None:
    await add_records(journal, tiny)
    for account, (person, presses) in enumerate(FLOWS.items(), start=100):
        chat = await linked_chat(journal, tiny, person, account=str(account))
        for label in presses:
            await chat.press(label)
            assert chat.text and "Что-то пошло не так" not in chat.text
    if database_url.startswith("sqlite"):
        assert compared["fast"] > 20 and compared["sqlalchemy"] == 0
    else:
        assert compared["fast"] == 0  # PostgreSQL: always SQLAlchemy's way


async def test_in_lists_empty_or_not(
    journal: Journal, tiny: TinySchool, database_url: str, compared: dict[str, int]
) -> None:
    query = scoped_queries.ScopedQuery.of(select(Person.id).order_by(Person.id), Person.id)
    everyone = await journal.run(query.rows, None)
    ids = [row[0] for row in everyone]

    async def some(ctx: Ctx, subject_ids: list[int]) -> list[int]:
        return [row[0] for row in await query.rows(ctx, subject_ids)]

    assert await journal.run(some, []) == []
    assert await journal.run(some, ids[:1]) == ids[:1]
    assert await journal.run(some, ids[1:4]) == ids[1:4]
    assert compared["fast"] == (4 if database_url.startswith("sqlite") else 0)


async def test_a_watched_engine_sees_every_read(
    journal: Journal, tiny: TinySchool, engine: AsyncEngine, compared: dict[str, int]
) -> None:
    with count_queries(engine) as statements:
        rows = await journal.run(
            plain_rows, _SCOPE_QUERY, {"pupil_id": tiny.people["a1"], "school_id": tiny.school_id}
        )
    assert rows and len(statements) == 1
    assert compared == {"fast": 0, "sqlalchemy": 1}


def test_a_statement_that_is_not_a_plain_select_has_no_plan() -> None:
    from sqlalchemy import update
    from sqlalchemy.dialects import sqlite

    assert fast_reads.plan(update(Person).values(first_name="x"), sqlite.dialect()) is None
    assert fast_reads.plan(select(Person.id).cte("c").select(), sqlite.dialect()) is None


async def test_a_missing_value_is_refused_as_sqlalchemy_refuses_it(
    journal: Journal, tiny: TinySchool, compared: dict[str, int]
) -> None:
    with pytest.raises(StatementError, match="school_id"):
        await journal.run(plain_rows, _SCOPE_QUERY, {"pupil_id": tiny.people["a1"]})
