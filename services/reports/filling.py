"""Control of how the journal is filled (004 §7.3; 001 §9.1-9.2: at least monthly), per teacher
and class, over a month or any span of days, against the school's settings
(services.settings.school_rules):
- lessons whose roll call came later than the allowed minutes after the start, or never
  (004 row 8);
- topics and homework not entered by the day's deadline of the class's shift (001 §4.4.6);
- written and control work marks entered after their deadlines (004 rows 11-12);
- pupils with too few marks for a final from the set days before the period's end (001 §5.2);
- lessons taken by a substitute who left no roll call or topic (004 §7.3 "учет замененных",
  001 §9.2 "правильности записи замены уроков");
- final marks missing after their deadline (003 §3.8.1, 004 row 13).
Each line names the lesson or the pupil, so the deputy can hand each teacher their own."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from db.enums import LessonStatus, PeriodKind
from db.models import (
    BellSlot,
    Enrollment,
    FinalMark,
    Homework,
    Lesson,
    Mark,
    Period,
    School,
    WorkType,
)
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.reports.outcomes import EXEMPT, period_outcomes
from services.reports.scope import ReportScope, report_scope
from services.schedule.periods import DatedPeriod
from services.settings.school_rules import CONTROL_WORK_CODES, WRITTEN_WORK_CODES

ROLL_CALL = "roll_call"
TOPIC = "topic"
HOMEWORK = "homework"
LATE_MARK = "late_mark"
FEW_MARKS = "few_marks"
SUBSTITUTION = "substitution"
FINALS = "finals"
CHECKS = (ROLL_CALL, TOPIC, HOMEWORK, LATE_MARK, FEW_MARKS, SUBSTITUTION, FINALS)
CHECK_TITLES = {
    ROLL_CALL: "перекличка не в срок",
    TOPIC: "тема не в срок",
    HOMEWORK: "д/з не в срок",
    LATE_MARK: "отметки за работы не в срок",
    FEW_MARKS: "мало отметок для итоговой",
    SUBSTITUTION: "замены без записи",
    FINALS: "нет итоговых в срок",
}
BAD_SPAN = "Начало отчёта должно быть не позже его конца."
LONGEST_SPAN_DAYS = 400


class _PageRow(NamedTuple):
    """What the check reads of a lesson (the Lesson columns of these names), and when its first
    homework was entered."""

    id: int
    date: date
    number: int
    class_id: int
    assignment_id: int
    subject_id: int
    teacher_id: int
    substitute_teacher_id: int | None
    roll_call_done: bool
    roll_call_at: datetime | None
    topic: str
    topic_set_at: datetime | None
    homework_at: datetime | None


@dataclass(frozen=True)
class Issue:
    check: str
    day: date | None
    text: str  # "12.11, 3-й урок, Математика: перекличка в 09:05, урок с 08:30"


@dataclass(frozen=True)
class FillingRow:
    teacher_id: int
    teacher: str
    class_id: int
    class_title: str
    issues: tuple[Issue, ...]

    def count(self, check: str) -> int:
        return sum(1 for i in self.issues if i.check == check)


@dataclass(frozen=True)
class FillingReport:
    school_name: str
    scope_title: str
    start: date
    end: date
    lessons_checked: int
    rows: tuple[FillingRow, ...]

    def total(self, check: str) -> int:
        return sum(r.count(check) for r in self.rows)

    def teachers(self) -> dict[int, tuple[FillingRow, ...]]:
        """Each teacher's own rows: what the deputy sends them."""
        mine: dict[int, list[FillingRow]] = defaultdict(list)
        for row in self.rows:
            mine[row.teacher_id].append(row)
        return {t: tuple(rows) for t, rows in mine.items()}


async def filling_report(
    ctx: Ctx, actor: Actor, start: date, end: date, class_id: int | None = None
) -> FillingReport:
    if start > end or (end - start).days > LONGEST_SPAN_DAYS:
        raise RuleViolation(BAD_SPAN)
    scope = await report_scope(ctx, actor, class_id=class_id, on=end)
    return await filling_of_scope(ctx, scope, start, end)


def _lesson_line(day: date, number: int, subject: str, what: str) -> str:
    return f"{day:%d.%m}, {number}-й урок, {subject}: {what}"


async def filling_of_scope(ctx: Ctx, scope: ReportScope, start: date, end: date) -> FillingReport:
    s, rules = ctx.session, scope.rules
    school = await s.get(School, scope.school_id)
    zone = ZoneInfo(school.timezone if school else "UTC")
    now = ctx.now
    today = now.astimezone(zone).date()
    end = min(end, today)
    own = {ld.assignment_id for ld in scope.loads}
    bells = {
        (shift, number): starts
        for shift, number, starts in (
            await s.execute(
                select(BellSlot.shift, BellSlot.number, BellSlot.starts_at).where(
                    BellSlot.school_id == scope.school_id
                )
            )
        )
    }
    in_span = select(Lesson.id).where(
        Lesson.class_id.in_(list(scope.classes)), Lesson.date.between(start, end)
    )
    first_homework = (
        select(Homework.lesson_id, func.min(Homework.created_at).label("at"))
        .where(Homework.lesson_id.in_(in_span))
        .group_by(Homework.lesson_id)
        .subquery()
    )
    # Plain columns rather than Lesson objects: a school's month is thousands of lessons.
    found = await s.execute(
        select(*(getattr(Lesson, f) for f in _PageRow._fields[:-1]), first_homework.c.at)
        .outerjoin(first_homework, first_homework.c.lesson_id == Lesson.id)
        .where(
            Lesson.class_id.in_(list(scope.classes)),
            Lesson.date.between(start, end),
            Lesson.status != LessonStatus.CANCELLED,
        )
        .order_by(Lesson.date, Lesson.number, Lesson.id)
    )
    issues: dict[tuple[int, int], list[Issue]] = defaultdict(list)
    checked = 0
    for row in found:
        lesson = _PageRow._make(row)
        homework_at = lesson.homework_at
        mine = lesson.class_id in scope.whole_classes or lesson.assignment_id in own
        if not mine and lesson.substitute_teacher_id != scope.actor_id:
            continue
        info = scope.classes[lesson.class_id]
        started = datetime.combine(
            lesson.date, bells.get((info.shift, lesson.number), time(0, 0)), zone
        )
        if started > now:
            continue
        checked += 1
        teacher = lesson.substitute_teacher_id or lesson.teacher_id
        subject = scope.subjects.get(lesson.subject_id, "?")
        key = (teacher, lesson.class_id)

        notes: list[tuple[str, str]] = []
        allowed = started + timedelta(minutes=rules.roll_call_minutes)
        if now > allowed:
            if not lesson.roll_call_done:
                notes.append((ROLL_CALL, "перекличка не отмечена"))
            elif lesson.roll_call_at is not None and lesson.roll_call_at > allowed:
                taken = lesson.roll_call_at.astimezone(zone)
                notes.append((ROLL_CALL, f"перекличка в {taken:%H:%M}, урок с {started:%H:%M}"))
        deadline = datetime.combine(lesson.date, rules.notes_deadline(info.shift), zone)
        if now > deadline:
            if not lesson.topic.strip():
                notes.append((TOPIC, "тема не записана"))
            elif lesson.topic_set_at is not None and lesson.topic_set_at > deadline:
                notes.append((TOPIC, f"тема записана {_when(lesson.topic_set_at, zone)}"))
            if info.grade not in rules.unmarked_grades:
                if homework_at is None:
                    notes.append((HOMEWORK, "д/з не записано"))
                elif homework_at.replace(tzinfo=homework_at.tzinfo or UTC) > deadline:
                    notes.append((HOMEWORK, f"д/з записано {_when(homework_at, zone)}"))
        if lesson.substitute_teacher_id is not None and lesson.date < today:
            missing = [
                what
                for what, done in (
                    ("перекличка", lesson.roll_call_done),
                    ("тема", bool(lesson.topic.strip())),
                )
                if not done
            ]
            if missing:
                notes.append((SUBSTITUTION, "замена, не записано: " + ", ".join(missing)))
        for check, what in notes:
            line = _lesson_line(lesson.date, lesson.number, subject, what)
            issues[key].append(Issue(check, lesson.date, line))
    await _late_marks(ctx, scope, start, end, zone, issues)
    for period in _periods_due(scope, start, end, today):
        await _few_marks(ctx, scope, period, issues)
    for period in _finals_due(scope, start, end, today):
        await _missing_finals(ctx, scope, period, issues)
    rows = tuple(
        FillingRow(
            teacher,
            scope.teachers.get(teacher, "?"),
            class_id,
            scope.class_title(class_id),
            tuple(found_issues),
        )
        for (teacher, class_id), found_issues in sorted(
            issues.items(),
            key=lambda item: (scope.teachers.get(item[0][0], ""), scope.sort_key(item[0][1])),
        )
    )
    return FillingReport(scope.school_name, scope.title, start, end, checked, rows)


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%d.%m в %H:%M}"


async def _late_marks(
    ctx: Ctx,
    scope: ReportScope,
    start: date,
    end: date,
    zone: ZoneInfo,
    issues: dict[tuple[int, int], list[Issue]],
) -> None:
    """The marks of each work entered after its deadline. Read as one row a lesson, author and
    kind of work, with when its first and last marks were entered (a school's month is
    90,000 marks of written work); only a work entered partly in time, partly late is read
    mark by mark."""
    lesson = (Lesson.class_id, Lesson.assignment_id, Lesson.number, Lesson.subject_id)
    works = await ctx.session.execute(
        select(Mark.lesson_id, Mark.author_id, Mark.work_type_id, Mark.lesson_date)
        .add_columns(WorkType.code, WorkType.name, *lesson)
        .add_columns(func.count(), func.min(Mark.created_at), func.max(Mark.created_at))
        .add_columns(func.min(Mark.id))
        .join(WorkType, WorkType.id == Mark.work_type_id)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .where(
            Lesson.class_id.in_(list(scope.classes)),
            Mark.lesson_date.between(start, end),
            Mark.is_deleted.is_(False),
            # Only the kinds of work with a deadline of their own: most marks are answers.
            WorkType.code.in_(sorted(CONTROL_WORK_CODES | WRITTEN_WORK_CODES)),
        )
        .group_by(Mark.lesson_id, Mark.author_id, Mark.work_type_id, Mark.lesson_date)
        .group_by(WorkType.id, Lesson.id)
    )
    own = {ld.assignment_id for ld in scope.loads}
    # (author, class, subject, day, lesson number, work) -> late marks, most days late, and
    # the first late mark's id: the lines go in the order of their first late marks.
    late: dict[tuple[int, int, int, date, int, str], tuple[int, int, int]] = {}
    partly: dict[tuple[int, int, int], tuple[date, tuple[int, int, int, date, int, str]]] = {}

    def add(key: tuple[int, int, int, date, int, str], count: int, days: int, first: int) -> None:
        before = late.get(key)
        if before is not None:
            count, days, first = count + before[0], max(days, before[1]), min(first, before[2])
        late[key] = (count, days, first)

    for (
        lesson_id,
        author,
        work_type,
        day,
        code,
        name,
        class_id,
        assignment,
        number,
        subject,
        count,
        first_at,
        last_at,
        first_id,
    ) in works:
        if class_id not in scope.whole_classes and assignment not in own:
            continue
        due = scope.rules.mark_due(code, day)
        if due is None or last_at.astimezone(zone).date() <= due:
            continue
        key = (author, class_id, subject, day, number, name)
        if first_at.astimezone(zone).date() > due:
            add(key, count, (last_at.astimezone(zone).date() - due).days, first_id)
        else:
            partly[(lesson_id, author, work_type)] = (due, key)
    lesson_ids = sorted({lesson_id for lesson_id, _, _ in partly})
    for chunk in range(0, len(lesson_ids), 5000):  # within both databases' parameter limits
        marks = await ctx.session.execute(
            select(
                Mark.id, Mark.lesson_id, Mark.author_id, Mark.work_type_id, Mark.created_at
            ).where(
                Mark.lesson_id.in_(lesson_ids[chunk : chunk + 5000]),
                Mark.lesson_date.between(start, end),
                Mark.is_deleted.is_(False),
            )
        )
        for mark_id, lesson_id, author, work_type, created in marks:
            found = partly.get((lesson_id, author, work_type))
            if found is None:
                continue
            due, key = found
            entered = created.astimezone(zone).date()
            if entered > due:
                add(key, 1, (entered - due).days, mark_id)
    for (author, class_id, subject, day, number, name), (count, days, _) in sorted(
        late.items(), key=lambda item: (item[0][3], item[0][4], item[1][2])
    ):
        what = f"{name.lower()}: {count} отм. внесено на {days} дн. позже срока"
        line = _lesson_line(day, number, scope.subjects.get(subject, "?"), what)
        issues[(author, class_id)].append(Issue(LATE_MARK, day, line))


def _periods_due(scope: ReportScope, start: date, end: date, today: date) -> list[DatedPeriod]:
    """Periods whose "enough marks" check day falls before the span's end and that had not
    ended before the span began."""
    return [
        p
        for p in scope.year_periods()
        if p.kind != PeriodKind.YEAR
        and scope.rules.marks_check_from(p.brief.ends_on) <= min(end, today)
        and p.brief.ends_on >= start
    ]


def _finals_due(scope: ReportScope, start: date, end: date, today: date) -> list[DatedPeriod]:
    found = []
    for p in scope.year_periods():
        deadline = scope.rules.finals_deadline(p.brief.ends_on)
        if start <= deadline <= end and deadline < today:
            found.append(p)
    return found


async def _few_marks(
    ctx: Ctx, scope: ReportScope, period: DatedPeriod, issues: dict[tuple[int, int], list[Issue]]
) -> None:
    outcomes = await period_outcomes(ctx, scope, period)
    for o in outcomes.counted:
        if o.from_final or o.marks >= o.required:
            continue
        pupil = outcomes.pupils[o.pupil_id].full_name
        subject = scope.subjects.get(o.load.subject_id, "?")
        text = f"{period.brief.name}, {subject}: {pupil} — {o.marks} отм. из {o.required} нужных"
        issues[(o.load.teacher_id, o.load.class_id)].append(Issue(FEW_MARKS, None, text))


async def _missing_finals(
    ctx: Ctx, scope: ReportScope, period: DatedPeriod, issues: dict[tuple[int, int], list[Issue]]
) -> None:
    outcomes = await period_outcomes(ctx, scope, period)
    kinds = await attestation_kinds(ctx, list(scope.classes), period.year_id)
    deadline = scope.rules.finals_deadline(period.brief.ends_on)
    missing: dict[tuple[int, int, int], int] = defaultdict(int)
    for o in outcomes.counted:
        if o.from_final or kinds.get(o.load.class_id, "quarter") != period.kind.value:
            continue
        missing[(o.load.teacher_id, o.load.class_id, o.load.subject_id)] += 1
    for (teacher, class_id, subject), count in missing.items():
        text = (
            f"{period.brief.name}, {scope.subjects.get(subject, '?')}: нет итоговых у {count} "
            f"уч., срок был {deadline:%d.%m}"
        )
        issues[(teacher, class_id)].append(Issue(FINALS, deadline, text))


async def attestation_kinds(ctx: Ctx, class_ids: list[int], year_id: int) -> dict[int, str]:
    """Whether each class is certified by quarters or by half-years (grades 10-11 usually are),
    read from the finals already set; quarters where none are."""
    rows = await ctx.session.execute(
        select(Enrollment.class_id, Period.kind, func.count())
        .select_from(FinalMark)
        .join(Period, Period.id == FinalMark.period_id)
        .join(Enrollment, Enrollment.pupil_id == FinalMark.pupil_id)
        .where(
            Enrollment.class_id.in_(class_ids),
            Period.year_id == year_id,
            Period.kind != PeriodKind.YEAR,
            FinalMark.value != EXEMPT,
        )
        .group_by(Enrollment.class_id, Period.kind)
    )
    best: dict[int, tuple[int, str]] = {}
    for class_id, kind, count in rows:
        if count > best.get(class_id, (0, ""))[0]:
            best[class_id] = (count, kind.value)
    return {c: kind for c, (_, kind) in best.items()}
