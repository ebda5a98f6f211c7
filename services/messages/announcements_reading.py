"""The notice board as one person sees it.

School-wide news reaches the audiences it is flagged for (guardians, pupils, staff); a grade's
and a class's reach the pupils and guardians there, the class teachers there, and the staff
who teach there when flagged for staff (the director and deputies: anywhere); authors always
see their own. One statement built once: the actor's roles and classes are its parameters."""

from typing import Any

from sqlalchemy import BindParameter, Boolean, ColumnElement, Select, bindparam, select

from db.base import UtcDateTime
from db.enums import AnnouncementScope
from db.models import Announcement, AnnouncementRead, Enrollment, Person, SchoolClass
from db.names import short_name
from services.context import Ctx
from services.people.actor import Actor, Role
from services.scoped_queries import any_of
from services.views import AnnouncementView

MAX_LIMIT = 50

A = Announcement
_SCHOOL = A.scope == AnnouncementScope.SCHOOL
_GRADE = A.scope == AnnouncementScope.GRADE
_CLASS = A.scope == AnnouncementScope.CLASS

# Class ids: a list given at run time, or a subquery.
Classes = BindParameter[int] | Select[int]


def _flag(name: str) -> ColumnElement[bool]:
    return bindparam(name, type_=Boolean())


def _grades_of(classes: Classes) -> Select[int]:
    return select(SchoolClass.grade).where(SchoolClass.id.in_(classes))


def _addressed_to(classes: Classes, is_member: ColumnElement[bool]) -> ColumnElement[bool]:
    """The whole school (if the actor belongs to that audience), or the grade or the class
    of one of the given classes."""
    return (
        (_SCHOOL & is_member)
        | (_GRADE & A.grade.in_(_grades_of(classes)))
        | (_CLASS & A.class_id.in_(classes))
    )


_CHILDREN_CLASSES = select(Enrollment.class_id).where(
    any_of(Enrollment.pupil_id, "children"), Enrollment.is_active.is_(True)
)
_LED: BindParameter[int] = bindparam("led", expanding=True)
_TAUGHT: BindParameter[int] = bindparam("taught", expanding=True)
_NEARBY = _flag("school_wide")
_VISIBLE = (
    (A.author_id == bindparam("me"))
    | (A.to_pupils & _addressed_to(bindparam("own_class", expanding=True), _flag("is_pupil")))
    | (A.to_guardians & _addressed_to(_CHILDREN_CLASSES, _flag("is_guardian")))
    # A class teacher answers for what their class was told, whoever it was meant for.
    | (_CLASS & A.class_id.in_(_LED))
    | (_GRADE & A.grade.in_(_grades_of(_LED)))
    | (
        _flag("is_staff")
        & A.to_staff
        & (
            _SCHOOL
            | (_GRADE & (_NEARBY | A.grade.in_(_grades_of(_TAUGHT))))
            | (_CLASS & (_NEARBY | A.class_id.in_(_TAUGHT)))
        )
    )
)


def _audience_params(actor: Actor) -> dict[str, Any]:
    is_pupil = actor.has(Role.PUPIL) and actor.pupil_class_id is not None
    return {
        "me": actor.person_id,
        "is_pupil": is_pupil,
        "own_class": [actor.pupil_class_id] if is_pupil else [],
        "is_guardian": bool(actor.children),
        "children": list(actor.children),
        "led": list(actor.class_teacher_of),
        "is_staff": actor.is_staff,
        "school_wide": actor.is_school_wide_reader,
        "taught": list({t.class_id for t in actor.teaching}),
    }


_BOARD = (
    select(
        A.id,
        A.title,
        A.text,
        Person.last_name,
        Person.first_name,
        Person.middle_name,
        A.published_at,
        A.scope,
        A.grade,
        A.to_guardians,
        A.to_pupils,
        A.to_staff,
        SchoolClass.grade.label("class_grade"),
        SchoolClass.letter,
        AnnouncementRead.id.label("read_id"),
    )
    .join(Person, Person.id == A.author_id)
    .outerjoin(SchoolClass, SchoolClass.id == A.class_id)
    .outerjoin(
        AnnouncementRead,
        (AnnouncementRead.announcement_id == A.id)
        & (AnnouncementRead.person_id == bindparam("me")),
    )
    .where(
        A.school_id == bindparam("school_id"),
        A.published_at <= bindparam("now", type_=UtcDateTime()),
        _VISIBLE,
    )
    .order_by(A.published_at.desc(), A.id.desc())
    .limit(bindparam("limit"))
)


def _audience(row: Any) -> str:
    scope, grade, letter, cls_grade = row.scope, row.grade, row.letter, row.class_grade
    if scope == AnnouncementScope.GRADE:
        where = f"{grade}-е классы"
    elif scope == AnnouncementScope.CLASS:
        where = f"{cls_grade}{letter} класс" if letter is not None else "класс"
    else:
        where = "вся школа"
    whom = [
        name
        for flag, name in (
            (row.to_guardians, "родители"),
            (row.to_pupils, "ученики"),
            (row.to_staff, "сотрудники"),
        )
        if flag
    ]
    return f"{where}: {', '.join(whom)}" if whom else where


async def announcements_for(ctx: Ctx, actor: Actor, limit: int = 10) -> list[AnnouncementView]:
    """Newest first; only the actor's school, only what is already published."""
    limit = max(1, min(limit, MAX_LIMIT))
    params = _audience_params(actor) | {
        "school_id": actor.school_id,
        "now": ctx.now,
        "limit": limit,
    }
    rows = (await ctx.session.execute(_BOARD, params)).all()
    return [
        AnnouncementView(
            id=r.id,
            title=r.title,
            text=r.text,
            author=short_name(r.last_name, r.first_name, r.middle_name),
            published_at=r.published_at,
            audience=_audience(r),
            read_by_me=r.read_id is not None,
        )
        for r in rows
    ]
