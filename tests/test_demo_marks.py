"""The demo school's marks and attendance look like a real school's: each pupil keeps a steady
level, the forecast finds a handful at risk in a class rather than nearly everyone, and
absences come with their reasons, the unexcused ones from a few pupils."""

from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from statistics import correlation, mean

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.demo import DemoSummary, build_demo
from db.engine import make_session_factory
from db.enums import AttendanceStatus, StaffRole
from db.models import Attendance, Enrollment, FinalMark, Mark, Person, StaffPosition
from services.context import Journal
from services.people.actor import Actor, load_actor
from services.reports.forecasts import FAILING, SHORT, forecast_report
from services.reports.results import results_report
from tests.database_copies import KeptDatabases

PUPILS = 150
# A Monday five weeks into the second quarter: the first quarter's finals are set.
DAY = date(2026, 12, 7)
NOON = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # noon in Moscow
A = AttendanceStatus
MISSED = (A.ILL, A.EXCUSED, A.ABSENT)


async def _demo(
    engine: AsyncEngine, kept: KeptDatabases[DemoSummary]
) -> async_sessionmaker[AsyncSession]:
    factory = make_session_factory(engine)

    async def build() -> DemoSummary:
        return await build_demo(factory, pupils=PUPILS, seed=7, today=DAY)

    await kept.built(engine, f"demo {PUPILS} {DAY}", build)
    return factory


async def _director(factory: async_sessionmaker[AsyncSession]) -> tuple[Journal, Actor]:
    journal = Journal(factory, lambda: NOON)
    async with factory() as s:
        person = await s.scalar(
            select(StaffPosition.person_id).where(StaffPosition.role == StaffRole.DIRECTOR)
        )
    assert person is not None
    return journal, await journal.run(load_actor, person)


async def test_the_forecast_finds_a_handful_at_risk_in_a_class(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    factory = await _demo(engine, kept_databases)
    journal, director = await _director(factory)
    report = await journal.run(forecast_report, director)
    async with factory() as s:
        missed = {
            (last, first)
            for last, first in (
                await s.execute(
                    select(Person.last_name, Person.first_name)
                    .join(Attendance, Attendance.pupil_id == Person.id)
                    .where(Attendance.status.in_(MISSED))
                )
            ).all()
        }
    pupils = sum(c.pupils for c in report.classes)
    at_risk = {r.pupil for c in report.classes for r in c.risks}
    assert report.period.name == "2 четверть" and pupils > 100
    # Someone to talk about, as in any school; not nearly everyone, as a random journal had.
    assert 2 <= len(at_risk) <= pupils // 8, sorted(at_risk)
    per_class = [(c.class_title, c.pupils, len({r.pupil for r in c.risks})) for c in report.classes]
    assert all(n <= 5 for _, _, n in per_class), per_class
    assert {r.kind for c in report.classes for r in c.risks} == {FAILING, SHORT}
    # Marks lag behind only for those who missed lessons: the teachers keep the others on pace.
    short = [r for c in report.classes for r in c.risks if r.kind == SHORT]
    assert short and all(tuple(r.pupil.split()[:2]) in missed for r in short), (short, missed)


async def test_results_differ_by_class_and_subject_as_in_a_real_school(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    journal, director = await _director(await _demo(engine, kept_databases))
    report = await journal.run(results_report, director)
    first_quarter = report.total.previous
    assert first_quarter is not None and report.previous is not None
    for tally in (report.total.tally, first_quarter):
        assert tally.quality is not None and 35 <= tally.quality <= 75, tally
        assert tally.success is not None and tally.success >= 88, tally
        assert tally.excellent and tally.failing and tally.not_certified == 0, tally
    averages = [row.tally.average or 0 for row in report.by_class]
    assert max(averages) - min(averages) >= 0.25, averages
    by_subject = {row.title: row.tally.average or 0 for row in report.by_subject}
    assert by_subject["Музыка"] > by_subject["Русский язык"] + 0.2, by_subject
    assert by_subject["Физическая культура"] > by_subject["Математика"] + 0.2, by_subject


async def test_each_pupil_keeps_a_steady_level(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    factory = await _demo(engine, kept_databases)
    async with factory() as s:
        marks = (await s.execute(select(Mark.pupil_id, Mark.subject_id, Mark.value))).all()
        finals = (
            await s.execute(select(FinalMark.pupil_id, FinalMark.value).order_by(FinalMark.id))
        ).all()
        on_roll = len((await s.scalars(select(Enrollment.pupil_id))).all())
    current: dict[int, list[int]] = defaultdict(list)
    by_subject: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pupil, subject, value in marks:
        current[pupil].append(value)
        by_subject[(pupil, subject)].append(value)
    earlier: dict[int, list[int]] = defaultdict(list)
    for pupil, value in finals:
        if value.isdigit():
            earlier[pupil].append(int(value))
    both = sorted(set(current) & set(earlier))
    assert len(both) > 80
    # The first quarter's finals foretell the second quarter's marks.
    assert correlation([mean(earlier[p]) for p in both], [mean(current[p]) for p in both]) > 0.7
    levels = [mean(values) for values in current.values()]
    assert sum(level >= 3.5 for level in levels) >= 0.65 * len(levels)  # mostly 4s and 5s
    assert sum(level >= 4.6 for level in levels) >= 0.04 * len(levels)  # some excellent
    # A few weak pupils with twos in a subject or two, not in every subject.
    poor = Counter(
        p for (p, _), values in by_subject.items() if len(values) >= 4 and mean(values) < 2.6
    )
    assert 1 <= len(poor) <= 0.1 * on_roll
    subjects = Counter(p for p, _ in by_subject)
    assert all(n <= subjects[p] / 4 for p, n in poor.items()), poor


async def test_absences_have_reasons_and_few_pupils_skip_lessons(
    engine: AsyncEngine, kept_databases: KeptDatabases[DemoSummary]
) -> None:
    factory = await _demo(engine, kept_databases)
    async with factory() as s:
        records = (
            await s.execute(
                select(Attendance.pupil_id, Attendance.lesson_date, Attendance.status,
                       Attendance.reason).where(Attendance.status.in_(MISSED))
            )
        ).all()  # fmt: skip
        on_roll = len((await s.scalars(select(Enrollment.pupil_id))).all())
    by_status = Counter(status for _, _, status, _ in records)
    assert by_status[A.ILL] > by_status[A.EXCUSED] > by_status[A.ABSENT] > 0
    assert by_status[A.ABSENT] <= 0.1 * len(records)
    assert all(reason for _, _, status, reason in records if status != A.ABSENT)
    # A long illness is excused by a doctor's certificate, a day or two by the parents' word:
    # the certificates cover most of the days away ill.
    ill = Counter(reason for *_, status, reason in records if status == A.ILL)
    certified = sum(n for reason, n in ill.items() if "справк" in reason)
    assert certified > ill["Болеет, сообщили родители"] > 0, ill
    assert any("семейные" in reason.lower() for *_, reason in records)
    truants = {pupil for pupil, _, status, _ in records if status == A.ABSENT}
    assert 1 <= len(truants) <= 0.2 * on_roll
