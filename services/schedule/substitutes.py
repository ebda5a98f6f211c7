"""Who may take a lesson over, and where a lesson may move: for the deputy's choice, the free
teachers of the lesson's subject first, then the other free ones, the busy ones last."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import time

from sqlalchemy import exists, select

from db.enums import LessonStatus, StaffRole
from db.models import (
    BellSlot,
    Lesson,
    Person,
    SchoolClass,
    StaffPosition,
    Subject,
    TeachingAssignment,
)
from services.context import Ctx
from services.errors import AccessDenied
from services.lessons.timing import class_of
from services.people.access import lesson_in_school
from services.people.actor import Actor, Role
from services.people.staff_directory import SCHEDULER_ONLY


@dataclass(frozen=True)
class Candidate:
    id: int
    short_name: str
    # The subjects of their teaching load, short names ("Матем.", "Рус. яз.").
    subjects: tuple[str, ...]
    teaches_subject: bool
    # Gives another lesson at that hour (their own, or one taken over).
    busy: bool
    is_acting: bool  # gives this lesson now


@dataclass(frozen=True)
class Slot:
    number: int
    starts_at: time
    ends_at: time


def _require_scheduler(actor: Actor) -> None:
    if not actor.has(Role.DEPUTY, Role.ADMIN):
        raise AccessDenied(SCHEDULER_ONLY)


async def _busy_teachers(ctx: Ctx, lesson: Lesson, school_id: int) -> set[int]:
    """Teachers giving another lesson whose bell time overlaps this one's (of any shift: the
    times of one day in one school compare as they are)."""
    rows = await ctx.session.execute(
        select(Lesson, BellSlot.starts_at, BellSlot.ends_at)
        .join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .outerjoin(
            BellSlot,
            (BellSlot.school_id == SchoolClass.school_id)
            & (BellSlot.shift == SchoolClass.shift)
            & (BellSlot.number == Lesson.number),
        )
        .where(
            SchoolClass.school_id == school_id,
            Lesson.date == lesson.date,
            Lesson.status != LessonStatus.CANCELLED,
        )
    )
    found = rows.all()
    begins, ends = next(((s, e) for x, s, e in found if x.id == lesson.id), (None, None))
    busy = set()
    for other, other_begins, other_ends in found:
        if other.id == lesson.id:
            continue
        if begins is None or ends is None or other_begins is None or other_ends is None:
            overlaps = other.number == lesson.number
        else:
            overlaps = other_begins < ends and begins < other_ends
        if overlaps:
            busy.add(other.acting_teacher_id)
    return busy


async def substitute_candidates(ctx: Ctx, actor: Actor, lesson_id: int) -> list[Candidate]:
    """The school's working teachers for this lesson: free and of its subject first."""
    _require_scheduler(actor)
    lesson = await lesson_in_school(ctx, actor, lesson_id)
    teaches = exists().where(
        StaffPosition.person_id == Person.id, StaffPosition.role == StaffRole.TEACHER
    )
    people = (
        await ctx.session.scalars(
            select(Person)
            .where(Person.school_id == actor.school_id, Person.is_active.is_(True), teaches)
            .order_by(Person.last_name, Person.first_name, Person.id)
        )
    ).all()
    loads = await ctx.session.execute(
        select(TeachingAssignment.teacher_id, Subject.id, Subject.short_name)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .where(Subject.school_id == actor.school_id)
        .distinct()
        .order_by(Subject.short_name)
    )
    subjects: dict[int, dict[int, str]] = defaultdict(dict)
    for teacher, subject_id, short in loads.all():
        subjects[teacher][subject_id] = short
    busy = await _busy_teachers(ctx, lesson, actor.school_id)
    found = [
        Candidate(
            p.id,
            p.short_name,
            tuple(subjects[p.id].values()),
            lesson.subject_id in subjects[p.id],
            p.id in busy,
            p.id == lesson.acting_teacher_id,
        )
        for p in people
    ]
    return sorted(found, key=lambda c: (c.busy or c.is_acting, not c.teaches_subject))


async def lesson_slots(ctx: Ctx, actor: Actor, lesson_id: int) -> list[Slot]:
    """The bell schedule of the lesson's class shift: where the lesson may be moved."""
    _require_scheduler(actor)
    lesson = await lesson_in_school(ctx, actor, lesson_id)
    school_class = await class_of(ctx, lesson)
    slots = await ctx.session.scalars(
        select(BellSlot)
        .where(BellSlot.school_id == school_class.school_id, BellSlot.shift == school_class.shift)
        .order_by(BellSlot.number)
    )
    return [Slot(s.number, s.starts_at, s.ends_at) for s in slots.all()]
