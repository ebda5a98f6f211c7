"""How long loading a 1,000-pupil school from its own files takes (issue 11; goal: 10 s).

Usage: python bench/school_import.py [--pupils 1000]
bench/school_files.py makes the files: the year, the staff list, the class lists with a
guardian each, the teaching load with split subjects, an aSc Timetables export. They are
loaded in order into a fresh SQLite database (`journal import ... --apply` does the same),
the dated lessons to the year's end included; then the same files again (nothing changes).
The baseline, measured in the same run: `journal seed`'s demo build of a school of the same
size into another fresh database. Prints `<figure>: <value> <unit>` lines.
"""

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.school_files import School
from db.demo import build_demo
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade_to_head_async
from db.models import Lesson, Person
from services.context import Ctx, Journal
from services.school_import.report import ImportReport
from services.school_import.service import ImportKind, import_file

# Mid-November: the lessons are made from then to the end of May.
NOW = datetime(2026, 11, 16, 6, 0, tzinfo=UTC)


async def load_all(url: str, school: School) -> None:
    await upgrade_to_head_async(url)
    engine = make_engine(url)
    journal = Journal(make_session_factory(engine), lambda: NOW)
    files = (
        (ImportKind.YEAR, school.year()),
        (ImportKind.PUPILS, school.class_list()),
        (ImportKind.STAFF, school.staff()),
        (ImportKind.LOAD, school.load_list()),
        (ImportKind.TIMETABLE, school.asc()),
    )
    try:
        for label, apply in (("import", True), ("reimport", True)):
            started = time.perf_counter()
            for kind, content in files:
                step = time.perf_counter()
                report: ImportReport = await journal.run(
                    import_file, kind, f"{kind.value}.file", content, apply=apply
                )
                print(f"{label}_{kind.value}: {time.perf_counter() - step:.2f} s")
                if label == "reimport" and report.has_changes:
                    raise AssertionError(f"the same {kind.value} file changed something")
            print(f"{label}_total: {time.perf_counter() - started:.2f} s")
        counts = await journal.run(_counts)
        print(f"pupils_and_guardians: {counts[0]} persons")
        print(f"lessons_to_year_end: {counts[1]} lessons")
    finally:
        await engine.dispose()


async def _counts(ctx: Ctx) -> tuple[int, int]:
    persons = await ctx.session.scalar(select(func.count()).select_from(Person))
    lessons = await ctx.session.scalar(select(func.count()).select_from(Lesson))
    return int(persons or 0), int(lessons or 0)


async def baseline(url: str, pupils: int) -> None:
    await upgrade_to_head_async(url)
    engine = make_engine(url)
    started = time.perf_counter()
    try:
        await build_demo(make_session_factory(engine), pupils=pupils, one_school=True)
    finally:
        await engine.dispose()
    print(f"baseline_demo_build: {time.perf_counter() - started:.2f} s")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()
    school = School(args.pupils)
    sizes = [school.year(), school.staff(), school.class_list(), school.load_list(), school.asc()]
    print(f"files_made: {time.perf_counter() - started:.2f} s")
    print(f"files_size: {sum(map(len, sizes)) / 1024:.0f} KB")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        await load_all(f"sqlite+aiosqlite:///{folder / 'imported.sqlite3'}", school)
        await baseline(f"sqlite+aiosqlite:///{folder / 'demo.sqlite3'}", args.pupils)


if __name__ == "__main__":
    asyncio.run(main())
