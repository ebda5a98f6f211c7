"""Final marks for a quarter, half-year or year (001 §5.2-5.3, 003 §3.8.1)."""

from datetime import timedelta

from sqlalchemy import select

from db.models import (
    FinalMark,
    Mark,
    Period,
    Person,
    SchoolClass,
    SchoolYear,
    Subject,
    TeachingAssignment,
)
from services import events
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.lessons.timing import school_of
from services.marks.grading import min_marks_required, weighted_average
from services.marks.period_grades import certified_by, certifies
from services.people.access import pupil_class, pupil_subgroups
from services.people.actor import Actor
from services.schedule.periods import school_today
from services.serial import lock_row

NUMERIC_FINALS = ("5", "4", "3", "2")
EXEMPT = "осв."
# Not certified: too few marks (001 §5.2) or missed lessons; the reports count it as not passed.
NOT_CERTIFIED = "н/а"
# 001 §5.3 asks for finals within 2 days of the period's end, 004 row 13 within 5 working days;
# the window opens a week before the end (the last marks are in) and closes 10 days after it,
# which covers both regulations and the holidays that follow a quarter.
FINAL_OPENS_DAYS_BEFORE_END = 7
FINAL_CLOSES_DAYS_AFTER_END = 10


def _normalise(value: str) -> str:
    cleaned = (value or "").strip().lower()
    if cleaned in ("осв", EXEMPT):
        return EXEMPT
    if cleaned in ("н/а", "на", "н/a", "н.а."):
        return NOT_CERTIFIED
    if cleaned not in NUMERIC_FINALS:
        raise RuleViolation(
            "Итоговая отметка — 5, 4, 3, 2, «н/а» (не аттестован) или «осв.» (освобождён)."
        )
    return cleaned


async def _assignment(
    ctx: Ctx, actor: Actor, pupil_id: int, subject_id: int
) -> tuple[TeachingAssignment, SchoolClass]:
    """The actor's own teaching of this subject to this pupil, and the pupil's class."""
    pupil = await ctx.session.get(Person, pupil_id)
    school_class = await pupil_class(ctx, pupil_id) if pupil else None
    if pupil is None or school_class is None or school_class.school_id != actor.school_id:
        raise NotFound("Ученик не найден.")
    subgroups = await pupil_subgroups(ctx, pupil_id)
    candidates = (
        await ctx.session.scalars(
            select(TeachingAssignment).where(
                TeachingAssignment.class_id == school_class.id,
                TeachingAssignment.subject_id == subject_id,
                TeachingAssignment.teacher_id == actor.person_id,
            )
        )
    ).all()
    for assignment in candidates:
        if assignment.subgroup_id is None or assignment.subgroup_id in subgroups:
            return assignment, school_class
    raise AccessDenied(
        "Итоговую отметку ставит учитель, который ведёт этот предмет у ученика по нагрузке."
    )


async def _check_certifies(ctx: Ctx, period: Period, school_class: SchoolClass) -> None:
    """A class graded by half-years gets no quarter's final, and one graded by quarters no
    half-year's: the chat offers the right period, a forged request is refused here."""
    klass = f"{school_class.grade}{school_class.letter}"
    if period.year_id != school_class.year_id:
        raise RuleViolation(
            f"«{period.name}» — период другого учебного года, а не того, в котором учится "
            f"класс {klass}: итоговую отметку за него не поставить."
        )
    periods = (
        await ctx.session.scalars(select(Period).where(Period.year_id == period.year_id))
    ).all()
    if certifies(period, periods, school_class.grade):
        return
    by = certified_by(periods, school_class.grade)
    how = f"аттестуется по {by}" if by else "не аттестуется по таким периодам"
    raise RuleViolation(
        f"Класс {klass} {how}: итоговую отметку за «{period.name}» в нём не ставят."
    )


async def set_final_mark(
    ctx: Ctx, actor: Actor, pupil_id: int, subject_id: int, period_id: int, value: str
) -> None:
    assignment, school_class = await _assignment(ctx, actor, pupil_id, subject_id)
    grade = school_class.grade
    school = await school_of(ctx, actor.school_id)
    if grade in school.unmarked_grade_set():
        raise RuleViolation(f"В {grade}-м классе отметки не ставятся: обучение безотметочное.")
    subject = await ctx.session.get(Subject, subject_id)
    period = await ctx.session.get(Period, period_id)
    year = await ctx.session.get(SchoolYear, period.year_id) if period else None
    if subject is None or period is None or year is None or year.school_id != school.id:
        raise NotFound("Предмет или учебный период не найден.")
    if year.is_closed:
        raise RuleViolation("Учебный год закрыт: итоговые отметки не меняются.")
    await _check_certifies(ctx, period, school_class)
    final = _normalise(value)
    # One final of a pupil at a time: two saves at once neither add two rows nor lose a change.
    await lock_row(ctx, Person, pupil_id)
    if final == EXEMPT and not subject.allows_exemption:
        raise RuleViolation(f"«{EXEMPT}» ставится только по предметам с освобождением.")
    today = await school_today(ctx, school.id)
    opens = period.ends_on - timedelta(days=FINAL_OPENS_DAYS_BEFORE_END)
    closes = period.ends_on + timedelta(days=FINAL_CLOSES_DAYS_AFTER_END)
    if not opens <= today <= closes:
        raise RuleViolation(
            f"Итоговые отметки за период «{period.name}» ставятся "
            f"с {opens:%d.%m.%Y} по {closes:%d.%m.%Y}."
        )
    marks = (
        await ctx.session.execute(
            select(Mark.value, Mark.weight).where(
                Mark.pupil_id == pupil_id,
                Mark.subject_id == subject_id,
                Mark.is_deleted.is_(False),
                Mark.lesson_date >= period.starts_on,
                Mark.lesson_date <= period.ends_on,
            )
        )
    ).all()
    required = min_marks_required(school.min_marks_rule, assignment.hours_per_week)
    if final in NUMERIC_FINALS and len(marks) < required:
        raise RuleViolation(
            f"Для итоговой отметки нужно не меньше {required} отметок за период, "
            f"а у ученика {len(marks)}. Если их не будет, поставьте «{NOT_CERTIFIED}» "
            "(не аттестован)."
        )
    average = weighted_average([(int(v), float(w)) for v, w in marks])
    average = round(average, 2) if average is not None else None
    existing = await ctx.session.scalar(
        select(FinalMark)
        .where(
            FinalMark.pupil_id == pupil_id,
            FinalMark.subject_id == subject_id,
            FinalMark.period_id == period_id,
        )
        .execution_options(populate_existing=True)
    )
    previous = existing.value if existing else None
    if existing is None:
        existing = FinalMark(pupil_id=pupil_id, subject_id=subject_id, period_id=period_id)
        ctx.session.add(existing)
    elif previous == final:
        return
    existing.value, existing.average_at_set = final, average
    existing.author_id, existing.updated_at = actor.person_id, ctx.now
    await ctx.session.flush()
    events.audit(
        ctx,
        actor,
        "final_mark.changed" if previous else "final_mark.set",
        pupil_id,
        final_mark_id=existing.id,
        subject_id=subject_id,
        period_id=period_id,
        old=previous,
        new=final,
    )
    events.emit(
        ctx,
        school.id,
        events.FINAL_MARK_SET,
        {
            "final_mark_id": existing.id,
            "pupil_id": pupil_id,
            "subject_id": subject_id,
            "period_id": period_id,
            "value": final,
            "previous_value": previous,
            "author_id": actor.person_id,
        },
    )
