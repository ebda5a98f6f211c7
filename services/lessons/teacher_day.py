"""A teacher's working day in the chat: the lesson now, the lessons still open, a lesson's sheet."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select

from db.enums import AttendanceStatus, LessonStatus
from db.models import (
    BellSlot,
    Homework,
    HomeworkAttachment,
    Lesson,
    Mark,
    School,
    SchoolClass,
    Subgroup,
    Subject,
)
from db.models import WorkType as WorkTypeRow
from services.attendance.roll_call import lesson_roster
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.lessons.timing import school_of
from services.people.access import lesson_in_school
from services.people.actor import Actor
from services.people.health_sheet import reads_pe_sheet
from services.schedule.periods import current_period
from services.staff_views import (
    LessonHomework,
    LessonSheet,
    SheetMark,
    SheetPupil,
    TeacherLesson,
    WorkTypeOption,
)

# Lessons up to a week old are filled in time (written work is marked within one week, 004
# rows 11-12; homework is accepted up to 7 days late, lesson_notes.HOMEWORK_LATE_DAYS). Older
# lessons of the current period stay open, as late entries: the control of filling
# (services.reports.filling) shows them by their timestamps.
MAX_DAYS_BACK = 7
STAFF_ONLY = "Уроки учителя есть только у сотрудников школы."
TOO_OLD = "В чате открыты уроки текущего периода — с {day:%d.%m.%Y}."
# A pupil who was not at the lesson did no work on its date (001 §4.4.4).
MARKABLE = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})

_QUERY = (
    select(Lesson, SchoolClass, Subject.name, Subgroup.name, BellSlot.starts_at, BellSlot.ends_at)
    .join(SchoolClass, SchoolClass.id == Lesson.class_id)
    .join(Subject, Subject.id == Lesson.subject_id)
    .outerjoin(Subgroup, Subgroup.id == Lesson.subgroup_id)
    .outerjoin(
        BellSlot,
        (BellSlot.school_id == SchoolClass.school_id)
        & (BellSlot.shift == SchoolClass.shift)
        & (BellSlot.number == Lesson.number),
    )
    .order_by(Lesson.date, Lesson.number, SchoolClass.grade, SchoolClass.letter, Lesson.id)
)


# What _QUERY gives; the typed select cannot tell that the outer joins may give None.
LessonRow = tuple[Lesson, SchoolClass, str, str | None, time | None, time | None]


def _acting(actor: Actor) -> ColumnElement[bool]:
    me = actor.person_id
    return or_(
        Lesson.substitute_teacher_id == me,
        and_(Lesson.teacher_id == me, Lesson.substitute_teacher_id.is_(None)),
    )


async def _homework(ctx: Ctx, lesson_ids: list[int]) -> dict[int, LessonHomework]:
    if not lesson_ids:
        return {}
    # One statement for any number of lessons: the files are counted, their bytes stay put.
    files = (
        select(func.count(HomeworkAttachment.id))
        .where(HomeworkAttachment.homework_id == Homework.id)
        .correlate(Homework)
        .scalar_subquery()
    )
    rows = await ctx.session.execute(
        select(Homework.lesson_id, Homework.text, Homework.is_individual, files)
        .where(Homework.lesson_id.in_(lesson_ids))
        .order_by(Homework.created_at, Homework.id)
    )
    found: dict[int, LessonHomework] = {}
    for lesson_id, text, is_individual, attached in rows.all():
        so_far = found.get(lesson_id, LessonHomework((), 0, 0, 0))
        if is_individual:
            found[lesson_id] = replace(
                so_far,
                individual=so_far.individual + 1,
                individual_files=so_far.individual_files + attached,
            )
        else:
            found[lesson_id] = replace(
                so_far, texts=(*so_far.texts, text), files=so_far.files + attached
            )
    return found


async def _briefs(
    ctx: Ctx, actor: Actor, school: School, *where: ColumnElement[bool]
) -> list[TeacherLesson]:
    query = _QUERY.where(SchoolClass.school_id == school.id, *where)
    # By the clock, not the lesson's number: a teacher of both shifts has a 1st lesson at 13:40
    # after a 3rd at 10:00; lessons the bell schedule does not time come last in their day.
    rows = sorted(
        (await ctx.session.execute(query)).all(),
        key=lambda r: (r[0].date, r[4] is None, r[4] or time.min, r[0].number),
    )
    homework = await _homework(ctx, [r[0].id for r in rows])
    zone = ZoneInfo(school.timezone)
    unmarked = school.unmarked_grade_set()
    late_before = _today(ctx, school) - timedelta(days=MAX_DAYS_BACK)
    return [
        _brief(r, actor, zone, unmarked, ctx.now, homework.get(r[0].id), late_before) for r in rows
    ]


def _brief(
    row: LessonRow,
    actor: Actor,
    zone: ZoneInfo,
    unmarked: frozenset[int],
    now: datetime,
    homework: LessonHomework | None,
    late_before: date,
) -> TeacherLesson:
    lesson, cls, subject, subgroup, starts, ends = row
    # Without a bell slot the lesson counts as begun when its day begins, as lesson_time does.
    begins = datetime.combine(lesson.date, starts or time(0, 0), zone)
    return TeacherLesson(
        id=lesson.id,
        date=lesson.date,
        number=lesson.number,
        starts_at=starts,
        ends_at=ends,
        class_id=cls.id,
        class_title=cls.title,
        subgroup=subgroup,
        subject_id=lesson.subject_id,
        subject=subject,
        room=lesson.room,
        status=lesson.status,
        is_substitution=lesson.substitute_teacher_id == actor.person_id,
        started=now >= begins.astimezone(UTC),
        roll_call_done=lesson.roll_call_done,
        has_topic=bool(lesson.topic.strip()),
        marks_allowed=cls.grade not in unmarked,
        topic=lesson.topic,
        homework=homework,
        late_entry=lesson.date < late_before,
    )


def _today(ctx: Ctx, school: School) -> date:
    return ctx.now.astimezone(ZoneInfo(school.timezone)).date()


def _require_staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise AccessDenied(STAFF_ONLY)


async def current_lesson(ctx: Ctx, actor: Actor) -> TeacherLesson | None:
    """The actor's lesson running now, else the next one today; None when the day is over.
    Lessons whose number the bell schedule lacks have no time and are never "now"."""
    _require_staff(actor)
    school = await school_of(ctx, actor.school_id)
    zone = ZoneInfo(school.timezone)
    lessons = await _briefs(
        ctx,
        actor,
        school,
        _acting(actor),
        Lesson.date == _today(ctx, school),
        Lesson.status != LessonStatus.CANCELLED,
    )
    now = ctx.now.astimezone(zone).time()
    timed = [x for x in lessons if x.starts_at is not None and x.ends_at is not None]
    for lesson in timed:
        assert lesson.starts_at is not None and lesson.ends_at is not None
        if lesson.starts_at <= now < lesson.ends_at:
            return lesson
    upcoming = [x for x in timed if x.starts_at is not None and x.starts_at > now]
    return upcoming[0] if upcoming else None


async def earliest_open_day(ctx: Ctx, actor: Actor) -> date:
    """The first day whose lessons the chat opens: the current period's first (in holidays,
    the period just ended), or a week back when that is earlier or the year has no periods."""
    _require_staff(actor)
    school = await school_of(ctx, actor.school_id)
    week_back = _today(ctx, school) - timedelta(days=MAX_DAYS_BACK)
    try:
        period = await current_period(ctx, actor.school_id)
    except NotFound:
        return week_back
    return min(week_back, period.starts_on)


async def writable_lessons(ctx: Ctx, actor: Actor, day: date) -> list[TeacherLesson]:
    """The actor's lessons of that day still open for entries (cancelled ones are not).

    The lessons begun since earliest_open_day take everything (those over MAX_DAYS_BACK
    days old as late entries); lessons ahead (started=False) take only their topic and
    homework.
    """
    earliest = await earliest_open_day(ctx, actor)
    school = await school_of(ctx, actor.school_id)
    if day < earliest:
        raise RuleViolation(TOO_OLD.format(day=earliest))
    return await _briefs(
        ctx,
        actor,
        school,
        _acting(actor),
        Lesson.date == day,
        Lesson.status != LessonStatus.CANCELLED,
    )


def _marks_note(lesson: TeacherLesson, can_write: bool) -> str | None:
    if not can_write:
        return "Отметки на этом уроке ставит учитель, который его ведёт."
    if lesson.status == LessonStatus.CANCELLED:
        return "Урок отменён: записи в журнал по нему не вносятся."
    if not lesson.marks_allowed:
        return f"В классе {lesson.class_title} отметки не ставятся: обучение безотметочное."
    if not lesson.started:
        return "Урок ещё не начался: отметки можно поставить после его начала."
    return None


async def _marks(ctx: Ctx, lesson_id: int) -> dict[int, list[SheetMark]]:
    rows = await ctx.session.execute(
        select(Mark, WorkTypeRow)
        .join(WorkTypeRow, WorkTypeRow.id == Mark.work_type_id)
        .where(Mark.lesson_id == lesson_id, Mark.is_deleted.is_(False))
        .order_by(Mark.created_at, Mark.id)
    )
    found: dict[int, list[SheetMark]] = {}
    for mark, kind in rows.all():
        found.setdefault(mark.pupil_id, []).append(
            SheetMark(mark.id, mark.value, kind.code, kind.short_name, mark.comment)
        )
    return found


async def lesson_sheet(ctx: Ctx, actor: Actor, lesson_id: int) -> LessonSheet:
    """The pupils in journal order with today's status and their marks on this lesson,
    for the lesson's teacher (who may write) and the class teacher (who looks)."""
    # The roster carries the access rule and the statuses; marks are read here with their ids.
    roster = await lesson_roster(ctx, actor, lesson_id)
    lesson = await lesson_in_school(ctx, actor, lesson_id)
    school = await school_of(ctx, actor.school_id)
    [brief] = await _briefs(ctx, actor, school, Lesson.id == lesson.id)
    can_write = lesson.acting_teacher_id == actor.person_id
    note = _marks_note(brief, can_write)
    marks = await _marks(ctx, lesson.id)
    pupils = tuple(
        SheetPupil(
            id=p.id,
            full_name=p.full_name,
            status=p.status,
            reason=p.reason,
            marks=tuple(marks.get(p.id, ())),
            may_mark=note is None and p.status in MARKABLE,
        )
        for p in roster.pupils
    )
    health = await reads_pe_sheet(ctx, actor, lesson.class_id, lesson.subject_id)
    return LessonSheet(brief, pupils, can_write, note, health)


async def work_types(ctx: Ctx, actor: Actor) -> list[WorkTypeOption]:
    """The school's kinds of work, for the mark's "вид работы" buttons."""
    _require_staff(actor)
    rows: Sequence[WorkTypeRow] = (
        await ctx.session.scalars(
            select(WorkTypeRow)
            .where(WorkTypeRow.school_id == actor.school_id)
            .order_by(WorkTypeRow.id)
        )
    ).all()
    return [WorkTypeOption(w.id, w.code, w.name, w.short_name, w.weight) for w in rows]
