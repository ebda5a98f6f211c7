"""What a report may cover for the person asking (REGULATIONS.md, the role table): the deputy,
the director and the administrator the whole school (001 §4.2.4, §4.6.1), a class teacher
their class (001 §4.3.1), a subject teacher their own subjects in their own classes and
groups (001 §4.4.1); nobody else. And which period it is for, with the one before it."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.enums import PeriodKind
from db.models import Person, School, SchoolClass, Subgroup, Subject, TeachingAssignment
from db.names import short_name
from services.context import Ctx
from services.errors import AccessDenied, NotFound
from services.people.access import NO_ACCESS_TO_CLASS
from services.people.actor import Actor
from services.schedule.periods import (
    PERIOD_NOT_FOUND,
    DatedPeriod,
    SchoolCalendar,
    school_calendar,
)
from services.settings.school_rules import SchoolRules, school_rules

NOT_FOR_YOU = "Отчёты доступны администрации, классным руководителям и учителям."


@dataclass(frozen=True)
class ClassInfo:
    id: int
    title: str
    grade: int
    shift: int
    class_teacher: str  # "Числова М. А."


@dataclass(frozen=True)
class Load:
    """One teaching assignment the report covers."""

    assignment_id: int
    class_id: int
    subject_id: int
    subgroup_id: int | None
    teacher_id: int
    hours: int


@dataclass(frozen=True)
class ReportScope:
    actor_id: int
    school_id: int
    school_name: str
    title: str  # what the report is about: "Школа", "5А", "ваши классы и предметы"
    whole_school: bool
    classes: dict[int, ClassInfo]
    # Classes seen whole (every subject): the school for the administration, a class teacher's.
    whole_classes: frozenset[int]
    loads: tuple[Load, ...]
    subjects: dict[int, str]
    short_subjects: dict[int, str]
    subgroups: dict[int, str]
    teachers: dict[int, str]  # short names
    rules: SchoolRules
    calendar: SchoolCalendar
    period: DatedPeriod

    @property
    def previous(self) -> "DatedPeriod | None":
        return previous_period(self.calendar, self.period)

    def year_periods(self) -> list[DatedPeriod]:
        """The periods of the report's school year, in the order they end (the year last)."""
        mine = [p for p in self.calendar.periods if p.year_id == self.period.year_id]
        return sorted(
            mine,
            key=lambda p: (
                p.kind == PeriodKind.YEAR,
                p.brief.ends_on,
                -p.brief.starts_on.toordinal(),
            ),
        )

    def class_title(self, class_id: int) -> str:
        info = self.classes.get(class_id)
        return info.title if info else "?"

    def sort_key(self, class_id: int) -> tuple[int, str]:
        info = self.classes[class_id]
        return info.grade, info.title


def may_report(actor: Actor) -> bool:
    return actor.is_school_wide_reader or bool(actor.class_teacher_of) or bool(actor.teaching)


async def report_scope(
    ctx: Ctx,
    actor: Actor,
    period_id: int | None = None,
    class_id: int | None = None,
    on: date | None = None,
) -> ReportScope:
    """The classes and teaching loads of the period's school year that the actor may see,
    narrowed to one class if asked; the period is the one named, else the one `on` that day
    (today by default)."""
    if not may_report(actor):
        raise AccessDenied(NOT_FOR_YOU)
    s = ctx.session
    calendar = await school_calendar(ctx, actor.school_id)
    if period_id is None:
        period_id = calendar.current(on or calendar.today(ctx.now)).id
    period = find_period(calendar, period_id)
    if period is None:
        raise NotFound(PERIOD_NOT_FOUND)
    year_id = period.year_id
    classes = {
        c.id: c
        for c in (
            await s.scalars(
                select(SchoolClass).where(
                    SchoolClass.school_id == actor.school_id, SchoolClass.year_id == year_id
                )
            )
        ).all()
    }
    if class_id is not None and class_id not in classes:
        raise AccessDenied(NO_ACCESS_TO_CLASS)
    if actor.is_school_wide_reader:
        whole = frozenset(classes)
    else:
        whole = frozenset(c for c in actor.class_teacher_of if c in classes)
    own = {t.assignment_id for t in actor.teaching}
    assignments = (
        await s.scalars(
            select(TeachingAssignment)
            .where(TeachingAssignment.class_id.in_(list(classes)))
            .order_by(TeachingAssignment.id)
        )
    ).all()
    loads = tuple(
        Load(a.id, a.class_id, a.subject_id, a.subgroup_id, a.teacher_id, a.hours_per_week)
        for a in assignments
        if (a.class_id in whole or a.id in own) and class_id in (None, a.class_id)
    )
    seen = {ld.class_id for ld in loads} | set(whole)
    if class_id is not None:
        if class_id not in seen:
            raise AccessDenied(NO_ACCESS_TO_CLASS)
        seen = {class_id}
    whole = frozenset(c for c in whole if c in seen)
    teacher_ids = {ld.teacher_id for ld in loads} | {
        c.class_teacher_id for c in classes.values() if c.class_teacher_id
    }
    people = {
        p.id: short_name(p.last_name, p.first_name, p.middle_name)
        for p in (await s.scalars(select(Person).where(Person.id.in_(teacher_ids)))).all()
    }
    found = await s.execute(
        select(Subject.id, Subject.name, Subject.short_name).where(
            Subject.school_id == actor.school_id
        )
    )
    subjects: dict[int, str] = {}
    shorts: dict[int, str] = {}
    for subject_id, name, short in found:
        subjects[subject_id], shorts[subject_id] = name, short or name
    groups = dict(
        (
            await s.execute(
                select(Subgroup.id, Subgroup.name).where(Subgroup.class_id.in_(list(seen)))
            )
        ).all()
    )
    school = await s.get(School, actor.school_id)
    infos = {
        c.id: ClassInfo(c.id, c.title, c.grade, c.shift, people.get(c.class_teacher_id or 0, ""))
        for c in classes.values()
        if c.id in seen
    }
    if class_id is not None:
        title = infos[class_id].title
    elif actor.is_school_wide_reader:
        title = "вся школа"
    elif whole and len(seen) == 1:
        title = infos[next(iter(seen))].title
    else:
        title = "ваши классы и предметы"
    return ReportScope(
        actor_id=actor.person_id,
        school_id=actor.school_id,
        school_name=school.name if school else "",
        title=title,
        whole_school=actor.is_school_wide_reader and class_id is None,
        classes=infos,
        whole_classes=whole,
        loads=loads,
        subjects=subjects,
        short_subjects=shorts,
        subgroups=groups,
        teachers=people,
        rules=await school_rules(ctx, actor.school_id),
        calendar=calendar,
        period=period,
    )


def find_period(calendar: SchoolCalendar, period_id: int) -> DatedPeriod | None:
    return next((p for p in calendar.periods if p.brief.id == period_id), None)


def previous_period(calendar: SchoolCalendar, period: DatedPeriod) -> DatedPeriod | None:
    """The period of the same kind just before (the 1st quarter before the 2nd); a year has
    none in the same school year."""
    if period.kind == PeriodKind.YEAR:
        return None
    earlier = [
        p
        for p in calendar.periods
        if p.kind == period.kind
        and p.year_id == period.year_id
        and p.brief.ends_on < period.brief.starts_on
    ]
    return max(earlier, key=lambda p: p.brief.starts_on) if earlier else None
