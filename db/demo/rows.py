"""Rows prepared in memory with ids allocated here, written with bulk inserts in FK order."""

from collections import defaultdict
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base
from db.models import (
    Announcement,
    Attendance,
    AttendanceChange,
    BellSlot,
    Enrollment,
    FinalMark,
    GuardianLink,
    HealthRecord,
    Holiday,
    Homework,
    HomeworkTarget,
    Lesson,
    Mark,
    MarkChange,
    PeExemption,
    Period,
    Person,
    School,
    SchoolClass,
    SchoolYear,
    StaffPosition,
    Subgroup,
    SubgroupMember,
    Subject,
    TeachingAssignment,
    TimetableEntry,
    WorkType,
)

Row = dict[str, Any]

# Parents before children, so that foreign keys hold after every single insert.
INSERT_ORDER: tuple[type[Base], ...] = (
    School,
    SchoolYear,
    Period,
    Holiday,
    WorkType,
    BellSlot,
    Subject,
    Person,
    StaffPosition,
    SchoolClass,
    Enrollment,
    GuardianLink,
    Subgroup,
    SubgroupMember,
    TeachingAssignment,
    TimetableEntry,
    Lesson,
    Attendance,
    AttendanceChange,
    Homework,
    HomeworkTarget,
    Mark,
    MarkChange,
    FinalMark,
    Announcement,
    HealthRecord,
    PeExemption,
)
CHUNK = 20_000


def table_of(model: type[Base]) -> Table:
    # Declarative typing promises any FromClause; every model here is mapped to one Table.
    table = model.__table__
    assert isinstance(table, Table), model
    return table


class Ids:
    """Primary keys handed out in memory, continuing after what the tables already hold."""

    def __init__(self, last: dict[type[Base], int]) -> None:
        self._last = dict(last)

    @classmethod
    async def load(cls, session: AsyncSession) -> "Ids":
        last = {}
        for model in INSERT_ORDER:
            column = table_of(model).c.id
            last[model] = int(await session.scalar(select(func.max(column))) or 0)
        return cls(last)

    def next(self, model: type[Base]) -> int:
        self._last[model] += 1
        return self._last[model]

    def last(self, model: type[Base]) -> int:
        return self._last[model]


class RowSet:
    def __init__(self) -> None:
        self.rows: dict[type[Base], list[Row]] = defaultdict(list)

    def add(self, model: type[Base], row: Row) -> None:
        self.rows[model].append(row)

    def count(self, model: type[Base]) -> int:
        return len(self.rows.get(model, ()))


async def write(session: AsyncSession, rows: RowSet) -> None:
    for model in INSERT_ORDER:
        batch = rows.rows.get(model, [])
        # The table, not the mapped class: the ORM would split the rows into many statements
        # by which of their values are None; Core sends each chunk as one executemany.
        table = table_of(model)
        for start in range(0, len(batch), CHUNK):
            await session.execute(insert(table), batch[start : start + CHUNK])


async def sync_sequences(session: AsyncSession, ids: Ids) -> None:
    """PostgreSQL's id sequences must continue after the ids given here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in INSERT_ORDER:
        last = ids.last(model)
        if last:
            name = table_of(model).name
            await session.execute(
                select(func.setval(func.pg_get_serial_sequence(name, "id"), last))
            )
