"""Building the demo school from the command line: with a progress bar, then its summary."""

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.engine import make_url

from db.demo import DemoSummary, SchoolSummary, build_demo
from db.engine import make_engine, make_session_factory
from db.models import School

DETAILED_SCHOOLS = 3  # beyond that, one line a school


async def holds_a_school(url: str) -> bool:
    engine = make_engine(url)
    try:
        async with make_session_factory(engine)() as session:
            return await session.scalar(select(School.id).limit(1)) is not None
    finally:
        await engine.dispose()


def drop_sqlite_file(url: str) -> bool:
    """Deletes the SQLite file and its journal; for a server database explains how to drop it."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        print(
            "--force удаляет только файл SQLite. Базу PostgreSQL очистите сами, например: "
            f"dropdb {parsed.database} && createdb {parsed.database} "
            "(или DROP DATABASE / CREATE DATABASE в psql), затем повторите journal seed.",
            file=sys.stderr,
        )
        return False
    if not parsed.database or parsed.database == ":memory:":
        return True
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(parsed.database + suffix).unlink(missing_ok=True)
    print(f"Файл {parsed.database} удалён: демо создаётся заново.")
    return True


async def seed_with_progress(
    url: str, pupils: int, seed: int, today: date | None = None
) -> DemoSummary:
    engine = make_engine(url)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, transient=True) as progress:
            task = progress.add_task("Строим демо-школу", total=None)

            def report(stage: str, done: int, total: int) -> None:
                progress.update(task, description=stage, completed=done, total=total)

            return await build_demo(
                make_session_factory(engine),
                pupils=pupils,
                seed=seed,
                today=today,
                progress=report,
            )
    finally:
        await engine.dispose()


def print_summary(schools: Sequence[SchoolSummary], seconds: float | None) -> None:
    console = Console()
    for school in schools[:DETAILED_SCHOOLS]:
        classes = Table(title=f"{school.name} ({school.timezone})")
        for header in ("Класс", "Смена", "Учеников", "Классный руководитель"):
            classes.add_column(header)
        for c in school.classes:
            classes.add_row(c.title, str(c.shift), str(c.pupils), c.class_teacher)
        console.print(classes)
        counts = Table(title=school.short_name, show_header=False)
        counts.add_column()
        counts.add_column(justify="right")
        for label, value in _counts(school):
            counts.add_row(label, str(value))
        console.print(counts)
    if len(schools) > DETAILED_SCHOOLS:
        totals = Table(title=f"Все школы: {len(schools)}")
        for header in ("Школа", "Часовой пояс", *(label for label, _ in _counts(schools[0]))):
            totals.add_column(header)
        for s in schools:
            totals.add_row(s.short_name, s.timezone, *(str(v) for _, v in _counts(s)))
        console.print(totals)
    if seconds is not None:
        pupils = sum(s.pupils for s in schools)
        console.print(f"Школ: {len(schools)}, учеников: {pupils}. Построено за {seconds:.1f} с.")


def _counts(school: SchoolSummary) -> list[tuple[str, int]]:
    return [
        ("Классов", len(school.classes)),
        ("Учеников", school.pupils),
        ("Родителей", school.guardians),
        ("Учителей", school.teachers),
        ("Уроков", school.lessons),
        ("Отметок", school.marks),
        ("Пропусков", school.absences),
        ("Домашних заданий", school.homework),
    ]
