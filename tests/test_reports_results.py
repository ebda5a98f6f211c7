"""Results, forecasts and attendance on the tiny school, every figure worked out by hand
(tests.reports_support says which records give which)."""

from dataclasses import replace

import pytest

from services.context import Ctx, Journal
from services.errors import AccessDenied
from services.people.access import NO_ACCESS_TO_CLASS
from services.people.actor import Actor
from services.reports.attendance import attendance_report
from services.reports.forecasts import FAILING, SHORT, forecast_report
from services.reports.outcomes import Outcomes, period_outcomes, periods_outcomes
from services.reports.results import ResultRow, results_report
from services.reports.scope import NOT_FOR_YOU, report_scope
from tests import reports_support
from tests.tiny_school import TinySchool
from tests.write_support import actor


def figures(row: ResultRow) -> tuple[object, ...]:
    t = row.tally
    return (
        row.title,
        t.total,
        t.excellent,
        t.good,
        t.one_three,
        t.threes,
        t.failing,
        t.not_certified,
        round(t.quality, 1) if t.quality is not None else None,
        round(t.success, 1) if t.success is not None else None,
    )


async def test_results_of_a_finished_quarter(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    deputy = await actor(journal, tiny, "deputy")
    report = await journal.run(results_report, deputy, tiny.periods["q1"])
    assert (report.scope_title, report.period.name, report.previous) == (
        "вся школа",
        "1 четверть",
        None,
    )
    assert not report.forecast
    # a1 excellent, a2 good, a3 failing: 2 of 3 with 4 and 5, 2 of 3 without a 2.
    assert figures(report.total) == ("Итого", 3, 1, 1, 0, 0, 1, 0, 66.7, 66.7)
    # 5Б has no marks yet and 1А is kept without marks: neither is counted.
    assert [figures(r) for r in report.by_class] == [("5А", 3, 1, 1, 0, 0, 1, 0, 66.7, 66.7)]
    assert [figures(r) for r in report.by_subject] == [
        ("Английский язык", 3, 2, 0, 0, 0, 1, 0, 66.7, 66.7),
        ("Математика", 3, 1, 1, 0, 1, 0, 0, 66.7, 100.0),
        ("Русский язык", 3, 2, 1, 0, 0, 0, 0, 100.0, 100.0),
    ]
    assert [figures(r) for r in report.by_teacher] == [
        ("Инглишева А. В.", 2, 2, 0, 0, 0, 0, 0, 100.0, 100.0),
        ("Лондонов П. О.", 1, 0, 0, 0, 0, 1, 0, 0.0, 0.0),
        ("Словесников И. И.", 3, 2, 1, 0, 0, 0, 0, 100.0, 100.0),
        ("Числова М. А.", 3, 1, 1, 0, 1, 0, 0, 66.7, 100.0),
    ]


async def test_the_running_quarter_against_the_last(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    director = await actor(journal, tiny, "director")
    report = await journal.run(results_report, director)
    assert (report.period.name, report.previous and report.previous.name) == (
        "2 четверть",
        "1 четверть",
    )
    assert report.forecast
    # a1 good (5, 4, 5), a2 with one 3 (3, 5, 4), a3 failing (3, none, 2).
    assert figures(report.total) == ("Итого", 3, 0, 1, 1, 0, 1, 0, 33.3, 66.7)
    assert round(report.total.quality_change or 0, 1) == -33.3
    assert report.total.success_change == pytest.approx(0.0)
    russian = next(r for r in report.by_subject if r.title == "Русский язык")
    # a3 has no Russian mark yet: not certified, so Russian's success falls to 2 of 3.
    assert figures(russian) == ("Русский язык", 3, 1, 1, 0, 0, 0, 1, 66.7, 66.7)
    assert round(russian.success_change or 0, 1) == -33.3


async def test_a_subject_teacher_sees_their_own_group_only(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    teacher = await actor(journal, tiny, "eng1")
    report = await journal.run(results_report, teacher, tiny.periods["q1"])
    assert report.scope_title == "ваши классы и предметы"
    assert figures(report.total) == ("Итого", 2, 2, 0, 0, 0, 0, 0, 100.0, 100.0)
    assert [r.title for r in report.by_teacher] == ["Инглишева А. В."]


async def test_a_class_teacher_gets_their_class(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    teacher = await actor(journal, tiny, "math")
    report = await journal.run(results_report, teacher, tiny.periods["q1"], tiny.classes["5А"])
    assert report.scope_title == "5А"
    assert figures(report.total) == ("Итого", 3, 1, 1, 0, 0, 1, 0, 66.7, 66.7)


@pytest.mark.parametrize(
    ("who", "class_key", "message"),
    [
        ("a1", None, NOT_FOR_YOU),
        ("g1", None, NOT_FOR_YOU),
        ("medic", None, NOT_FOR_YOU),
        ("eng1", "5Б", NO_ACCESS_TO_CLASS),
        ("primary", "5А", NO_ACCESS_TO_CLASS),
    ],
)
async def test_reports_refused_to_others(
    journal: Journal, tiny: TinySchool, who: str, class_key: str | None, message: str
) -> None:
    person = await actor(journal, tiny, who)
    class_id = tiny.classes[class_key] if class_key else None
    for report in (results_report, attendance_report, forecast_report):
        with pytest.raises(AccessDenied) as refused:
            await journal.run(report, person, None, class_id)
        assert refused.value.message == message


async def test_forecasts_name_who_is_at_risk(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    teacher = await actor(journal, tiny, "math")
    report = await journal.run(forecast_report, teacher, None, tiny.classes["5А"])
    [five_a] = report.classes
    # 14 of the quarter's 54 days have gone, so marks so far x 54/14 is the pace: two maths
    # marks (7.7) reach the 5 a 4-hour subject needs, one mark (3.9) does not, nor 7 in Russian.
    assert {(r.pupil, r.subject, r.kind) for r in five_a.risks} == {
        ("Иванов Иван", "Английский язык", SHORT),
        ("Иванов Иван", "Русский язык", SHORT),
        ("Петрова Анна", "Английский язык", SHORT),
        ("Петрова Анна", "Математика", SHORT),
        ("Петрова Анна", "Русский язык", SHORT),
        ("Сидоров Олег", "Английский язык", SHORT),
        ("Сидоров Олег", "Русский язык", SHORT),
    }
    # Sidorov's maths: 2 and 3 give 2.5, rounded up to 3: no risk of a 2.
    assert five_a.count(FAILING) == 0
    assert (five_a.pupils, five_a.count(SHORT)) == (3, 3)


async def test_attendance_lessons_and_whole_days(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.absences, tiny)
    teacher = await actor(journal, tiny, "math")
    report = await journal.run(attendance_report, teacher, None, tiny.classes["5А"])
    [five_a] = report.classes
    assert five_a.whole_days
    got = {
        p.full_name: (
            p.counts.lessons,
            p.counts.ill,
            p.counts.excused,
            p.counts.unexcused,
            p.counts.late,
            p.counts.days_ill,
            p.counts.days_excused,
            p.counts.days_unexcused,
        )
        for p in five_a.pupils
    }
    # Lessons due: Monday 1, Tuesday 3 (the cancelled one is not), today 4.
    assert got == {
        "Иванов Иван": (8, 3, 0, 1, 0, 1, 0, 0),
        "Петрова Анна": (8, 1, 2, 1, 0, 0, 1, 1),
        "Сидоров Олег": (8, 2, 0, 0, 1, 0, 0, 0),
    }
    total = five_a.total
    assert (total.missed, total.late, total.days) == (10, 1, 3)
    [week] = report.weeks
    assert (str(week.monday), week.counts.missed, week.counts.days) == ("2026-11-16", 10, 3)


async def test_a_subject_teacher_counts_lessons_not_days(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(reports_support.absences, tiny)
    teacher = await actor(journal, tiny, "eng1")
    report = await journal.run(attendance_report, teacher)
    [five_a] = report.classes
    assert not five_a.whole_days
    assert [(p.full_name, p.counts.lessons, p.counts.missed) for p in five_a.pupils] == [
        ("Иванов Иван", 2, 1),
        ("Петрова Анна", 2, 1),
    ]
    assert five_a.total.days == 0


async def _outcomes_together_and_apart(
    ctx: Ctx, director: Actor, widen: bool
) -> tuple[list[Outcomes], list[Outcomes]]:
    scope = await report_scope(ctx, director)
    q1, q2 = sorted(
        (p for p in scope.calendar.periods if p.brief.name in ("1 четверть", "2 четверть")),
        key=lambda p: p.brief.starts_on,
    )
    if widen:  # a span over both quarters, as a year over its quarters
        q2 = replace(q2, brief=replace(q2.brief, starts_on=q1.brief.starts_on))
    together = await periods_outcomes(ctx, scope, [q1, q2])
    apart = [await period_outcomes(ctx, scope, q1), await period_outcomes(ctx, scope, q2)]
    return together, apart


@pytest.mark.parametrize("widen", [False, True])
async def test_outcomes_of_several_periods_read_at_once_are_each_periods_own(
    journal: Journal, tiny: TinySchool, widen: bool
) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    director = await actor(journal, tiny, "director")
    together, apart = await journal.run(_outcomes_together_and_apart, director, widen)
    assert [o.rows for o in together] == [o.rows for o in apart]
    assert [o.period for o in together] == [o.period for o in apart]
    assert together[0].rows != together[1].rows  # the quarters differ (see the test above)
