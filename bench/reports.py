"""How long each report, its files and a chart take for the deputy of the demo school and of
the largest school in a demo ten times larger (issue 13: at most 1 s a report, 300 ms a chart).

Usage: python bench/reports.py [--pupils 600] [--scale 10] [--repeat 3] [--only one_large_school]
Three journals: the demo school; a demo ten times larger, which the demo builds as several
schools of up to 1,200 pupils (its largest school is measured); and one school with all those
pupils in its 44 classes, for the whole-school reports over ten times the pupils and marks.
Each figure is the median of --repeat runs after one warm-up, each run as the bot runs it: its
own session and transaction through Journal.run, on a SQLite file with the production pragmas;
wall time and the process's CPU time (SQLite's thread included), since on a shared machine the
wall time mostly measures the neighbours. A trivial call measured in the same run is the
baseline that tells how noisy the machine is, and a fixed loop of plain Python (some 40 ms on
a quiet core) how slow its CPU runs now: a figure over it compares across runs.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from db.demo import build_demo
from db.engine import make_engine, make_session_factory
from db.enums import StaffRole
from db.migrate import upgrade_to_head_async
from db.models import Enrollment, Person, SchoolClass, StaffPosition, TeachingAssignment
from services.context import Ctx, Journal
from services.documents.charts import attendance_chart, progress_chart, pupil_chart
from services.documents.paper import render_final_grid
from services.documents.pdf_kit import render_report_pdf
from services.documents.report_tables import results_document
from services.documents.report_xlsx import render_report_xlsx
from services.people.actor import load_actor
from services.reports.attendance import attendance_report
from services.reports.filling import filling_report
from services.reports.final_grid import final_grid
from services.reports.forecasts import forecast_report
from services.reports.journal_page import journal_page
from services.reports.pictures import class_progress, pupil_vs_class
from services.reports.results import results_report
from services.schedule.periods import school_today

Step = Callable[[], Awaitable[object]]


async def trivial(ctx: Ctx) -> None:
    await ctx.session.scalar(select(1))


async def fixed_loop() -> int:
    return sum(i * i for i in range(1_000_000))


async def largest_school(ctx: Ctx) -> tuple[int, int, int, int, int]:
    """(deputy, a class, one of its loads, one of its pupils, its pupils) of the school with
    the most pupils."""
    school, pupils = (
        await ctx.session.execute(
            select(Person.school_id, func.count())
            .join(Enrollment, Enrollment.pupil_id == Person.id)
            .group_by(Person.school_id)
            .order_by(func.count().desc())
            .limit(1)
        )
    ).one()
    deputy = await ctx.session.scalar(
        select(StaffPosition.person_id)
        .join(Person, Person.id == StaffPosition.person_id)
        .where(StaffPosition.role == StaffRole.DEPUTY, Person.school_id == school)
    )
    cls = await ctx.session.scalar(
        select(SchoolClass.id).where(SchoolClass.school_id == school, SchoolClass.grade == 7)
    )
    load = await ctx.session.scalar(
        select(TeachingAssignment.id).where(TeachingAssignment.class_id == cls)
    )
    pupil = await ctx.session.scalar(select(Enrollment.pupil_id).where(Enrollment.class_id == cls))
    assert deputy and cls and load and pupil
    return deputy, cls, load, pupil, pupils


async def timed(step: Step, repeat: int) -> tuple[float, float]:
    """(wall, cpu) milliseconds, medians."""
    await step()
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        await step()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


async def measure(
    db_path: Path, pupils: int, repeat: int, one_school: bool = False
) -> dict[str, tuple[float, float]]:
    url = f"sqlite+aiosqlite:///{db_path}"
    await upgrade_to_head_async(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    await build_demo(factory, pupils=pupils, one_school=one_school)
    print(f"built {pupils} pupils in {time.perf_counter() - started:.1f} s")
    journal = Journal(factory)
    deputy_id, cls, load, pupil, size = await journal.run(largest_school)
    deputy = await journal.run(load_actor, deputy_id)
    today = await journal.run(school_today, deputy.school_id)
    month = today - timedelta(days=30)
    print(f"  the largest school: {size} pupils")
    results = await journal.run(results_report, deputy)
    attendance = await journal.run(attendance_report, deputy, None, cls)
    steps: dict[str, Step] = {
        "baseline select 1": lambda: journal.run(trivial),
        "baseline python loop": fixed_loop,
        "results report": lambda: journal.run(results_report, deputy),
        "attendance report": lambda: journal.run(attendance_report, deputy),
        "filling report 30 days": lambda: journal.run(filling_report, deputy, month, today),
        "forecast report": lambda: journal.run(forecast_report, deputy),
        "summary sheet class": lambda: journal.run(final_grid, deputy, cls, None),
        "journal page": lambda: journal.run(journal_page, deputy, load, None),
        "results pdf": lambda: asyncio.to_thread(render_report_pdf, results_document(results)),
        "results xlsx": lambda: asyncio.to_thread(render_report_xlsx, results_document(results)),
        "summary sheet pdf": lambda: _grid_pdf(journal, deputy, cls),
        "pupil chart": lambda: _chart(journal, deputy, pupil),
        "class chart": lambda: _progress(journal, deputy, cls),
        "attendance chart": lambda: asyncio.to_thread(
            attendance_chart, attendance.scope_title, attendance.weeks
        ),
    }
    figures = {}
    for name, step in steps.items():
        figures[name] = await timed(step, repeat)
        wall, cpu = figures[name]
        print(f"  {name:<26} {wall:8.1f} ms wall {cpu:8.1f} ms cpu")
    await engine.dispose()
    return figures


async def _grid_pdf(journal: Journal, deputy: object, cls: int) -> bytes:
    grid = await journal.run(final_grid, deputy, cls, None)  # type: ignore[arg-type]
    return render_final_grid(grid)


async def _chart(journal: Journal, deputy: object, pupil: int) -> object:
    return pupil_chart(await journal.run(pupil_vs_class, deputy, pupil, None))  # type: ignore[arg-type]


async def _progress(journal: Journal, deputy: object, cls: int) -> object:
    return progress_chart(await journal.run(class_progress, deputy, cls))  # type: ignore[arg-type]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=600)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only",
        action="append",
        choices=("default", "large", "one_large_school"),
        help="measure only these journals (repeatable); all three by default",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        large = args.pupils * args.scale
        runs = {
            "default": (args.pupils, False),
            "large": (large, False),
            "one_large_school": (large, True),
        }
        figures = {
            label: await measure(Path(tmp) / f"{label}.sqlite3", n, args.repeat, one)
            for label, (n, one) in runs.items()
            if not args.only or label in args.only
        }
    for label, found in figures.items():
        for name, (wall, cpu) in found.items():
            slug = name.replace(" ", "_")
            print(f"{label} {slug} wall: {wall:.1f} ms")
            print(f"{label} {slug} cpu: {cpu:.1f} ms")


if __name__ == "__main__":
    asyncio.run(main())
