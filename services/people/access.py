"""Who may see and change what (REGULATIONS.md, the role table). Every service goes through here."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from db.models import Enrollment, Lesson, Person, SchoolClass, SchoolYear, SubgroupMember
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.people.actor import Actor, Role
from services.people.scope_rows import (
    PUPIL_COLUMNS,
    SCOPE_QUERY,
    ClassRow,
    PupilRow,
    remembered_scope,
)
from services.scoped_queries import plain_rows

NO_ACCESS_TO_PUPIL = "Нет доступа к данным этого ученика."
NO_ACCESS_TO_CLASS = "Нет доступа к этому классу."


@dataclass(frozen=True)
class PupilScope:
    """A pupil the actor may read, and which subjects of theirs (None: all)."""

    pupil: PupilRow
    school_class: ClassRow
    subgroup_ids: frozenset[int]
    subject_ids: frozenset[int] | None

    def allows_subject(self, subject_id: int) -> bool:
        return self.subject_ids is None or subject_id in self.subject_ids


async def pupil_class(ctx: Ctx, pupil_id: int) -> SchoolClass | None:
    return await ctx.session.scalar(
        select(SchoolClass)
        .join(Enrollment, Enrollment.class_id == SchoolClass.id)
        .where(Enrollment.pupil_id == pupil_id, Enrollment.is_active.is_(True))
    )


async def pupil_subgroups(ctx: Ctx, pupil_id: int) -> frozenset[int]:
    rows = await ctx.session.scalars(
        select(SubgroupMember.subgroup_id).where(SubgroupMember.pupil_id == pupil_id)
    )
    return frozenset(rows.all())


async def pupil_scope(ctx: Ctx, actor: Actor, pupil_id: int) -> PupilScope:
    rows: Sequence[Sequence[Any]] | None = remembered_scope(ctx, pupil_id, actor.school_id)
    if rows is None:
        params = {"pupil_id": pupil_id, "school_id": actor.school_id}
        rows = await plain_rows(ctx, SCOPE_QUERY, params)
    if not rows:
        raise AccessDenied(NO_ACCESS_TO_PUPIL)
    split = len(PUPIL_COLUMNS)
    pupil = PupilRow(*rows[0][:split])
    school_class = ClassRow(*rows[0][split:-1])
    subgroups = frozenset(r[-1] for r in rows if r[-1] is not None)
    sees_all = (
        (actor.has(Role.PUPIL) and actor.person_id == pupil_id)
        or pupil_id in actor.children
        or actor.is_school_wide_reader
        or school_class.id in actor.class_teacher_of
    )
    if sees_all:
        return PupilScope(pupil, school_class, subgroups, None)
    taught = frozenset(
        t.subject_id
        for t in actor.teaching
        if t.class_id == school_class.id and (t.subgroup_id is None or t.subgroup_id in subgroups)
    )
    if taught:
        return PupilScope(pupil, school_class, subgroups, taught)
    raise AccessDenied(NO_ACCESS_TO_PUPIL)


@dataclass(frozen=True)
class ClassScope:
    school_class: SchoolClass
    subject_ids: frozenset[int] | None


async def class_scope(ctx: Ctx, actor: Actor, class_id: int) -> ClassScope:
    school_class = await ctx.session.get(SchoolClass, class_id)
    if school_class is None or school_class.school_id != actor.school_id:
        raise AccessDenied(NO_ACCESS_TO_CLASS)
    if actor.is_school_wide_reader or class_id in actor.class_teacher_of:
        return ClassScope(school_class, None)
    taught = frozenset(t.subject_id for t in actor.teaching if t.class_id == class_id)
    if taught:
        return ClassScope(school_class, taught)
    raise AccessDenied(NO_ACCESS_TO_CLASS)


async def lesson_in_school(ctx: Ctx, actor: Actor, lesson_id: int) -> Lesson:
    lesson = await ctx.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("Урок не найден: возможно, его уже удалили из расписания.")
    school_class = await ctx.session.get(SchoolClass, lesson.class_id)
    if school_class is None or school_class.school_id != actor.school_id:
        raise NotFound("Урок не найден: возможно, его уже удалили из расписания.")
    return lesson


YEAR_CLOSED = "Учебный год закрыт: его журнал только для чтения."


async def require_open_year(ctx: Ctx, class_id: int) -> None:
    """Refuses a change to the journal of a class whose school year is closed."""
    closed = await ctx.session.scalar(
        select(SchoolYear.is_closed)
        .join(SchoolClass, SchoolClass.year_id == SchoolYear.id)
        .where(SchoolClass.id == class_id)
    )
    if closed:
        raise RuleViolation(YEAR_CLOSED)


async def lesson_for_writing(ctx: Ctx, actor: Actor, lesson_id: int) -> Lesson:
    """The lesson, if the actor is the teacher who gives it (or substitutes on it), in a year
    that is not closed."""
    lesson = await lesson_in_school(ctx, actor, lesson_id)
    await require_open_year(ctx, lesson.class_id)
    if lesson.acting_teacher_id != actor.person_id:
        if actor.has(Role.DIRECTOR) and not actor.has(Role.TEACHER):
            raise AccessDenied("Директор просматривает журнал, но не вносит в него записи.")
        raise AccessDenied(
            "Это не ваш урок: записи в журнале на нём делает учитель, который его ведёт."
        )
    return lesson


async def pupils_of_lesson(ctx: Ctx, lesson: Lesson) -> list[Person]:
    """The class list, or the subgroup's, in journal order (by surname)."""
    query = (
        select(Person)
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .where(Enrollment.class_id == lesson.class_id, Enrollment.is_active.is_(True))
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    if lesson.subgroup_id is not None:
        query = query.join(SubgroupMember, SubgroupMember.pupil_id == Person.id).where(
            SubgroupMember.subgroup_id == lesson.subgroup_id
        )
    return list((await ctx.session.scalars(query)).all())


def require(condition: bool, message: str) -> None:
    if not condition:
        raise AccessDenied(message)
