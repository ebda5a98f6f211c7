"""Control of filling (004 §7.3) and the school's settings it follows, on the tiny school:
every late roll call, topic, homework and mark below is put there by hand."""

from datetime import date, time

import pytest
from sqlalchemy import delete, update

from db.models import FinalMark, Homework, Lesson
from services.context import Ctx, Journal
from services.errors import AccessDenied, RuleViolation
from services.reports.filling import (
    FEW_MARKS,
    FINALS,
    HOMEWORK,
    LATE_MARK,
    ROLL_CALL,
    SUBSTITUTION,
    TOPIC,
    filling_report,
)
from services.settings.school_rules import change_setting, school_rules, school_settings
from tests import read_rows, reports_support
from tests.reports_support import at_time
from tests.tiny_school import TinySchool
from tests.write_support import actor

NOV_1, TODAY = date(2026, 11, 1), date(2026, 11, 18)


async def slips(ctx: Ctx, t: TinySchool) -> None:
    await reports_support.tuesday_lessons(ctx, t)
    await read_rows.lesson(ctx, t, "math-nov5", "5А-math", date(2026, 11, 5), 1)
    await reports_support.pages_filled_on_time(ctx, t)
    lesson = t.lessons

    async def change(key: str, **values: object) -> None:
        await ctx.session.execute(update(Lesson).where(Lesson.id == lesson[key]).values(**values))

    await change("math-mon", roll_call_at=at_time(date(2026, 11, 16), time(8, 50)))
    await change("math-tue", topic_set_at=at_time(date(2026, 11, 17), time(16, 10)))
    await ctx.session.execute(delete(Homework).where(Homework.lesson_id == lesson["rus-tue"]))
    await change("eng1-today", roll_call_done=False, roll_call_at=None)
    await change(
        "eng2-tue", substitute_teacher_id=t.people["eng1"], roll_call_done=False, roll_call_at=None
    )
    for pupil, value, work, entered in (
        ("a1", 5, "control", date(2026, 11, 10)),  # due 08.11: two days late
        ("a1", 4, "independent", date(2026, 11, 13)),  # written work, due 12.11: a day late
        ("a1", 4, "answer", date(2026, 11, 17)),  # no deadline of its own
        ("a1", 3, "control", date(2026, 11, 7)),  # in time
        ("a2", 4, "control", date(2026, 11, 9)),  # the same work: a day late
    ):
        at = at_time(entered, time(10, 0))
        await read_rows.mark(ctx, t, "math-nov5", pupil, value, work, at=at)
    # Deleted: not counted however late.
    at = at_time(date(2026, 11, 16), time(10, 0))
    await read_rows.mark(ctx, t, "math-nov5", "a3", 2, "control", deleted=True, at=at)


def lines(report: object, teacher: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in report.rows:  # type: ignore[attr-defined]
        if row.teacher == teacher:
            for issue in row.issues:
                found.setdefault(issue.check, []).append(issue.text)
    return found


async def test_every_slip_is_found_and_named(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(slips, tiny)
    deputy = await actor(journal, tiny, "deputy")
    report = await journal.run(filling_report, deputy, NOV_1, TODAY, tiny.classes["5А"])
    # 05.11, 16.11, four on Tuesday, four begun today (the 5th lesson has not).
    assert report.lessons_checked == 10
    assert [(r.teacher, r.class_title) for r in report.rows] == [
        ("Инглишева А. В.", "5А"),
        ("Словесников И. И.", "5А"),
        ("Числова М. А.", "5А"),
    ]
    assert lines(report, "Числова М. А.") == {
        LATE_MARK: [
            "05.11, 1-й урок, Математика: контрольная работа: 2 отм. внесено на 2 дн. позже срока",
            "05.11, 1-й урок, Математика: самостоятельная работа: 1 отм. внесено на 1 дн. "
            "позже срока",
        ],
        ROLL_CALL: ["16.11, 1-й урок, Математика: перекличка в 08:50, урок с 08:30"],
        TOPIC: ["17.11, 3-й урок, Математика: тема записана 17.11 в 16:10"],
    }
    assert lines(report, "Словесников И. И.") == {
        HOMEWORK: ["17.11, 2-й урок, Русский язык: д/з не записано"]
    }
    assert lines(report, "Инглишева А. В.") == {
        ROLL_CALL: [
            "17.11, 4-й урок, Английский язык: перекличка не отмечена",
            "18.11, 3-й урок, Английский язык: перекличка не отмечена",
        ],
        SUBSTITUTION: ["17.11, 4-й урок, Английский язык: замена, не записано: перекличка"],
    }
    assert [report.total(c) for c in (ROLL_CALL, TOPIC, HOMEWORK, LATE_MARK)] == [3, 1, 1, 2]
    assert set(report.teachers()) == {tiny.people[k] for k in ("eng1", "rus", "math")}


async def test_the_report_follows_the_school_settings(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(slips, tiny)
    deputy = await actor(journal, tiny, "deputy")
    assert await journal.run(change_setting, deputy, "roll_call_minutes", "30") == "30"
    assert await journal.run(change_setting, deputy, "control_marks_days", " 5 ") == "5"
    assert await journal.run(change_setting, deputy, "notes_deadline_first_shift", "17.00") == (
        "17:00"
    )
    report = await journal.run(filling_report, deputy, NOV_1, TODAY, tiny.classes["5А"])
    math = lines(report, "Числова М. А.")
    assert ROLL_CALL not in math and TOPIC not in math
    assert [line.split(": ")[1] for line in math[LATE_MARK]] == ["самостоятельная работа"]


async def test_too_few_marks_and_missing_finals(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(reports_support.quarter_results, tiny)
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(change_setting, deputy, "marks_check_days_before_end", "60")
    report = await journal.run(filling_report, deputy, NOV_1, TODAY, tiny.classes["5А"])
    assert "2 четверть, Русский язык: Сидоров Олег — 0 отм. из 7 нужных" in lines(
        report, "Словесников И. И."
    ).get(FEW_MARKS, [])
    # No finals of the 1st quarter are missing (all set); the 5Б ones are, had 5Б marks.
    october = await journal.run(filling_report, deputy, date(2026, 10, 20), TODAY)
    assert october.total(FINALS) == 0

    async def drop_maths_finals(ctx: Ctx) -> None:
        # A quarter's marks, but its finals gone.
        await read_rows.lesson(ctx, tiny, "math-oct", "5А-math", date(2026, 10, 20), 1)
        await read_rows.mark(ctx, tiny, "math-oct", "a1", 4)
        await ctx.session.execute(
            delete(FinalMark).where(FinalMark.subject_id == tiny.subjects["math"])
        )

    await journal.run(drop_maths_finals)
    october = await journal.run(filling_report, deputy, date(2026, 10, 20), TODAY)
    assert lines(october, "Числова М. А.")[FINALS] == [
        "1 четверть, Математика: нет итоговых у 3 уч., срок был 26.10"
    ]


async def test_settings_refused_and_checked(journal: Journal, tiny: TinySchool) -> None:
    teacher = await actor(journal, tiny, "math")
    assert [s.name for s, _ in await journal.run(school_settings, teacher)][:2] == [
        "unmarked_grades",
        "min_marks_rule",
    ]
    with pytest.raises(AccessDenied):
        await journal.run(change_setting, teacher, "roll_call_minutes", "20")
    director = await actor(journal, tiny, "director")
    for name, bad in (
        ("roll_call_minutes", "0"),
        ("notes_deadline_second_shift", "25:00"),
        ("min_marks_rule", "три"),
        ("unmarked_grades", "1, 12"),
        ("finals_deadline_working_days", "может быть"),
    ):
        with pytest.raises(RuleViolation):
            await journal.run(change_setting, director, name, bad)
    assert await journal.run(change_setting, director, "unmarked_grades", "1-2") == "1, 2"
    assert await journal.run(change_setting, director, "min_marks_rule", "2:3, 4:6") == "2:3,4:6"
    rules = await journal.run(school_rules, tiny.school_id)
    assert rules.unmarked_grades == frozenset({1, 2})
    # The 1st quarter ends on Saturday 24 October: 2 days later, or 5 working days (004 row 13).
    assert rules.finals_deadline(date(2026, 10, 24)) == date(2026, 10, 26)
    await journal.run(change_setting, director, "finals_deadline_days", "5")
    assert await journal.run(change_setting, director, "finals_deadline_working_days", "рабочие")
    rules = await journal.run(school_rules, tiny.school_id)
    assert rules.finals_deadline(date(2026, 10, 24)) == date(2026, 10, 30)
