"""An aSc timetable with two alternating weeks: each week's schedule shows that week's
lessons only."""

from datetime import date, timedelta

from handlers.family.schedule import week_lines
from services.context import Journal
from services.schedule.reading import pupil_schedule, teacher_schedule
from services.school_import.service import ImportKind, import_file
from tests import read_rows
from tests.school_files.asc import MON, THU, Teacher, export
from tests.school_files.asc import Lesson as AscLesson
from tests.tiny_school import TinySchool

WEEK_A, WEEK_B = date(2026, 11, 23), date(2026, 11, 30)  # the year's 13th and 14th weeks
TEACHERS = [
    Teacher("Бегунов Сергей Викторович", "Сергей", "Бегунов"),
    Teacher("Числова Мария Андреевна", "Мария", "Числова"),
]


def two_weeks(informatics_weeks: str = "10") -> bytes:
    lessons = [
        # Thursday's 6th lesson: informatics in odd weeks, physics in even ones.
        AscLesson(["5Б"], "Информатика", ["Бегунов Сергей Викторович"], [(THU, 6)],
                  per_week=0.5, rooms=["40"], weeks=informatics_weeks),
        AscLesson(["5Б"], "Физика", ["Числова Мария Андреевна"], [(THU, 6)], per_week=0.5,
                  rooms=["41"], weeks="01"),
        # One lesson, one card for week A and one for week B in the same slot: every week.
        AscLesson(["5Б"], "Музыка", ["Бегунов Сергей Викторович"],
                  [(MON, 6, "10"), (MON, 6, "01")], rooms=["12"]),
    ]  # fmt: skip
    return export(["5Б"], TEACHERS, lessons, ["Информатика", "Физика", "Музыка"])


async def test_each_week_shows_its_own_lessons(journal: Journal, tiny: TinySchool) -> None:
    report = await journal.run(import_file, ImportKind.TIMETABLE, "р.xml", two_weeks(), apply=True)
    assert not report.notices, report.render()
    b2 = await read_rows.actor_of(journal, tiny, "b2")

    async def week(monday: date) -> list[str]:
        days = await journal.run(
            pupil_schedule, b2, tiny.people["b2"], monday, monday + timedelta(days=6)
        )
        return week_lines(days)

    a, b = await week(WEEK_A), await week(WEEK_B)
    assert any("Информатика" in line for line in a)
    assert not any("Физика" in line for line in a)
    assert any("Физика" in line for line in b)
    assert not any("Информатика" in line for line in b)
    assert sum("Музыка" in line for line in a) == sum("Музыка" in line for line in b) == 1

    math = await read_rows.actor_of(journal, tiny, "math")
    thursdays = [
        (await journal.run(teacher_schedule, math, day, day))[0].lessons
        for day in (WEEK_A + timedelta(days=3), WEEK_B + timedelta(days=3))
    ]
    assert [[v.subject for v in day if v.number == 6] for day in thursdays] == [[], ["Физика"]]

    every_week = await journal.run(
        import_file, ImportKind.TIMETABLE, "р.xml", two_weeks("1"), apply=False
    )
    assert "5Б, чт, 6 урок: по нечётным неделям → каждую неделю" in every_week.render()
