"""A page of the journal for one class (or group), subject and period, as the paper copy of the
electronic journal (003 §2.1; 001 §2.3, §6.3): the dates of the lessons, each pupil's marks and
absences on them and the final, and the topic and homework of every lesson."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.enums import AttendanceStatus, LessonStatus
from db.models import Attendance, FinalMark, Homework, Lesson, Mark, Person
from services.context import Ctx
from services.errors import AccessDenied
from services.people.actor import Actor
from services.reports.outcomes import class_pupils, pupils_by_class, pupils_of_load
from services.reports.scope import report_scope
from services.views import PeriodBrief

NOT_YOUR_PAGE = (
    "Эту страницу журнала печатают учитель предмета, классный руководитель и администрация."
)
GONE_MARK = "(выбыл(а))"
# The paper journal's letters: "н" absent, "б" ill, "у" away for a valid reason.
ABSENCE_LETTERS = {
    AttendanceStatus.ABSENT: "н",
    AttendanceStatus.ILL: "б",
    AttendanceStatus.EXCUSED: "у",
    AttendanceStatus.LATE: "оп",
    AttendanceStatus.EXEMPT: "осв",
}


@dataclass(frozen=True)
class PageLesson:
    day: date
    number: int
    topic: str
    homework: str


@dataclass(frozen=True)
class PageRow:
    full_name: str
    cells: tuple[str, ...]  # per lesson: marks and the absence letter, "5 4", "н"
    final: str


@dataclass(frozen=True)
class JournalPage:
    school_name: str
    class_title: str
    subject: str
    group: str | None
    teacher: str
    period: PeriodBrief
    lessons: tuple[PageLesson, ...]
    rows: tuple[PageRow, ...]


async def journal_page(
    ctx: Ctx, actor: Actor, assignment_id: int, period_id: int | None = None
) -> JournalPage:
    scope = await report_scope(ctx, actor, period_id)
    load = next((ld for ld in scope.loads if ld.assignment_id == assignment_id), None)
    if load is None:
        raise AccessDenied(NOT_YOUR_PAGE)
    brief = scope.period.brief
    today = scope.calendar.today(ctx.now)
    s = ctx.session
    lessons = (
        await s.scalars(
            select(Lesson)
            .where(
                Lesson.assignment_id == assignment_id,
                Lesson.date.between(brief.starts_on, min(brief.ends_on, today)),
                Lesson.status != LessonStatus.CANCELLED,
            )
            .order_by(Lesson.date, Lesson.number, Lesson.id)
        )
    ).all()
    ids = [lesson.id for lesson in lessons]
    pupils, groups = await class_pupils(ctx, [load.class_id])
    chosen = pupils_of_load(load, pupils_by_class(pupils), groups)
    marks: dict[tuple[int, int], list[str]] = {}
    for lesson_id, pupil_id, value in await s.execute(
        select(Mark.lesson_id, Mark.pupil_id, Mark.value)
        .where(Mark.lesson_id.in_(ids), Mark.is_deleted.is_(False))
        .order_by(Mark.created_at, Mark.id)
    ):
        marks.setdefault((pupil_id, lesson_id), []).append(str(value))
    for lesson_id, pupil_id, status in await s.execute(
        select(Attendance.lesson_id, Attendance.pupil_id, Attendance.status).where(
            Attendance.lesson_id.in_(ids), Attendance.status != AttendanceStatus.PRESENT
        )
    ):
        marks.setdefault((pupil_id, lesson_id), []).insert(0, ABSENCE_LETTERS[status])
    # Pupils moved to another class or group, or gone from the school, keep their rows here
    # for the lessons they had: the page is a record of what happened (issue 11).
    gone = sorted({p for p, _ in marks} - set(chosen))
    names = {p: pupils[p].full_name for p in chosen}
    if gone:
        for person in await s.scalars(select(Person).where(Person.id.in_(gone))):
            names[person.id] = f"{person.full_name} {GONE_MARK}"
        gone.sort(key=lambda p: names[p])
    homework: dict[int, list[str]] = {}
    for lesson_id, text, individual in await s.execute(
        select(Homework.lesson_id, Homework.text, Homework.is_individual)
        .where(Homework.lesson_id.in_(ids))
        .order_by(Homework.id)
    ):
        homework.setdefault(lesson_id, []).append(f"индивидуальное: {text}" if individual else text)
    finals = dict(
        (
            await s.execute(
                select(FinalMark.pupil_id, FinalMark.value).where(
                    FinalMark.pupil_id.in_([*chosen, *gone]),
                    FinalMark.subject_id == load.subject_id,
                    FinalMark.period_id == brief.id,
                )
            )
        ).all()
    )
    return JournalPage(
        school_name=scope.school_name,
        class_title=scope.class_title(load.class_id),
        subject=scope.subjects.get(load.subject_id, "?"),
        group=scope.subgroups.get(load.subgroup_id) if load.subgroup_id else None,
        teacher=scope.teachers.get(load.teacher_id, ""),
        period=brief,
        lessons=tuple(
            PageLesson(
                lesson.date, lesson.number, lesson.topic, "; ".join(homework.get(lesson.id, []))
            )
            for lesson in lessons
        ),
        rows=tuple(
            PageRow(
                names[p],
                tuple(" ".join(marks.get((p, lid), [])) for lid in ids),
                finals.get(p, ""),
            )
            for p in [*chosen, *gone]
        ),
    )
