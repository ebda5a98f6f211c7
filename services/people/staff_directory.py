"""What the staff's chat flows pick from: the actor's own teaching load, the school's classes,
a class's lessons of a day, and the school's teachers (for a substitution)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select

from db.enums import StaffRole
from db.models import (
    Lesson,
    Person,
    SchoolClass,
    StaffPosition,
    Subgroup,
    Subject,
    TeachingAssignment,
)
from services.context import Ctx
from services.errors import AccessDenied
from services.people.access import class_scope
from services.people.actor import Actor, Role
from services.schedule.reading import _lessons, _view
from services.views import LessonView

SCHOOL_WIDE_ONLY = "Список классов школы видят администрация и заместитель директора."
SCHEDULER_ONLY = "Изменения в расписание вносят заместитель директора или администратор журнала."


@dataclass(frozen=True)
class ClassBrief:
    id: int
    title: str
    grade: int


@dataclass(frozen=True)
class TeachingBrief:
    assignment_id: int
    class_id: int
    class_title: str
    subject_id: int
    subject: str
    subgroup: str | None


@dataclass(frozen=True)
class StaffBrief:
    id: int
    short_name: str


def _title(cls: SchoolClass) -> str:
    return f"{cls.grade}{cls.letter}"


async def my_teaching(ctx: Ctx, actor: Actor) -> list[TeachingBrief]:
    """The actor's own load: class, subject and group, in class order."""
    rows = await ctx.session.execute(
        select(TeachingAssignment, SchoolClass, Subject.name, Subgroup.name)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(Subgroup, Subgroup.id == TeachingAssignment.subgroup_id)
        .where(
            TeachingAssignment.teacher_id == actor.person_id,
            SchoolClass.school_id == actor.school_id,
        )
        .order_by(SchoolClass.grade, SchoolClass.letter, Subject.name, TeachingAssignment.id)
    )
    return [
        TeachingBrief(a.id, cls.id, _title(cls), a.subject_id, subject, group)
        for a, cls, subject, group in rows.all()
    ]


async def school_classes(ctx: Ctx, actor: Actor) -> list[ClassBrief]:
    """Every class of the school for the administration; a class teacher's own otherwise."""
    query = select(SchoolClass).where(SchoolClass.school_id == actor.school_id)
    if not actor.is_school_wide_reader:
        if not actor.class_teacher_of:
            raise AccessDenied(SCHOOL_WIDE_ONLY)
        query = query.where(SchoolClass.id.in_(actor.class_teacher_of))
    found = await ctx.session.scalars(query.order_by(SchoolClass.grade, SchoolClass.letter))
    return [ClassBrief(c.id, _title(c), c.grade) for c in found.all()]


async def class_lessons(ctx: Ctx, actor: Actor, class_id: int, day: date) -> list[LessonView]:
    """The class's lessons of the day (cancelled ones too), for choosing one to change."""
    if not actor.has(Role.DEPUTY, Role.ADMIN):
        raise AccessDenied(SCHEDULER_ONLY)
    cls = (await class_scope(ctx, actor, class_id)).school_class
    query = _lessons(with_class=False).where(Lesson.class_id == class_id, Lesson.date == day)
    rows = await ctx.session.execute(query, {"school_id": cls.school_id, "shift": cls.shift})
    lessons = [_view(r, _title(cls)) for r in rows.all()]
    return sorted(lessons, key=lambda v: (v.number, v.subgroup or "", v.id))


async def school_teachers(ctx: Ctx, actor: Actor) -> list[StaffBrief]:
    """The school's working teachers, by surname: who may take a lesson over."""
    if not actor.has(Role.DEPUTY, Role.ADMIN):
        raise AccessDenied(SCHEDULER_ONLY)
    teaches = exists().where(
        StaffPosition.person_id == Person.id, StaffPosition.role == StaffRole.TEACHER
    )
    found = await ctx.session.scalars(
        select(Person)
        .where(Person.school_id == actor.school_id, Person.is_active.is_(True), teaches)
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    return [StaffBrief(p.id, p.short_name) for p in found.all()]


async def school_administrator(ctx: Ctx, school_id: int) -> int | None:
    """The school's administrator of the journal (the first, if several), in whose name the
    command line acts and issues the staff's codes."""
    found: int | None = await ctx.session.scalar(
        select(Person.id)
        .join(StaffPosition, StaffPosition.person_id == Person.id)
        .where(
            Person.school_id == school_id,
            Person.is_active.is_(True),
            StaffPosition.role == StaffRole.ADMIN,
        )
        .order_by(Person.id)
    )
    return found
