"""Whom an announcement is for: the pupils and/or guardians of the classes it covers, and staff
if asked (the whole school's, or the teachers and class teachers of those classes); active
people only, the author left out. The notification rule tells them, the delivery report counts
them."""

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import AnnouncementScope
from db.models import (
    Announcement,
    Enrollment,
    GuardianLink,
    Person,
    SchoolClass,
    StaffPosition,
    TeachingAssignment,
)
from db.names import full_name

CHUNK = 500
STAFF_NOTE = "сотрудник"


@dataclass(frozen=True)
class Addressee:
    person_id: int
    full_name: str
    note: str  # why they are in the audience: "ученик 5А", "родитель, 5А, 7Б", "сотрудник"


def _classes(ann: Announcement) -> Select[int]:
    query = select(SchoolClass.id).where(SchoolClass.school_id == ann.school_id)
    if ann.scope == AnnouncementScope.GRADE:
        query = query.where(SchoolClass.grade == ann.grade)
    elif ann.scope == AnnouncementScope.CLASS:
        query = query.where(SchoolClass.id == ann.class_id)
    return query


async def _notes(s: AsyncSession, ann: Announcement) -> dict[int, str]:
    """Each person the announcement is for, with a note on why ("ученик 5А")."""
    classes = _classes(ann)
    notes: dict[int, list[str]] = {}
    pupils = (
        select(Enrollment.pupil_id, SchoolClass.grade, SchoolClass.letter)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(Enrollment.class_id.in_(classes), Enrollment.is_active.is_(True))
        .order_by(SchoolClass.grade, SchoolClass.letter)
    )
    if ann.to_pupils:
        for pid, grade, letter in (await s.execute(pupils)).all():
            notes.setdefault(pid, []).append(f"ученик {grade}{letter}")
    if ann.to_guardians:
        kids = pupils.subquery()
        guardians = select(GuardianLink.guardian_id, kids.c.grade, kids.c.letter).join(
            kids, kids.c.pupil_id == GuardianLink.pupil_id
        )
        by_guardian: dict[int, list[str]] = {}
        for gid, grade, letter in (await s.execute(guardians)).all():
            titles = by_guardian.setdefault(gid, [])
            if f"{grade}{letter}" not in titles:
                titles.append(f"{grade}{letter}")
        for gid, titles in by_guardian.items():
            notes.setdefault(gid, []).append("родитель, " + ", ".join(sorted(titles)))
    if ann.to_staff:
        for pid in await _staff(s, ann, classes):
            notes.setdefault(pid, []).append(STAFF_NOTE)
    notes.pop(ann.author_id, None)
    return {pid: "; ".join(n) for pid, n in notes.items()}


async def _staff(s: AsyncSession, ann: Announcement, classes: Select[int]) -> set[int]:
    if ann.scope == AnnouncementScope.SCHOOL:
        staff = select(StaffPosition.person_id).join(Person, Person.id == StaffPosition.person_id)
        return set((await s.scalars(staff.where(Person.school_id == ann.school_id))).all())
    teachers = select(TeachingAssignment.teacher_id).where(TeachingAssignment.class_id.in_(classes))
    leads = select(SchoolClass.class_teacher_id).where(SchoolClass.id.in_(classes))
    found = set((await s.scalars(teachers)).all())
    return found | {p for p in (await s.scalars(leads)).all() if p is not None}


async def announcement_audience(s: AsyncSession, ann: Announcement) -> dict[int, Addressee]:
    notes = await _notes(s, ann)
    unique = sorted(notes)
    found: dict[int, Addressee] = {}
    for start in range(0, len(unique), CHUNK):
        people = await s.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.middle_name).where(
                Person.id.in_(unique[start : start + CHUNK]), Person.is_active.is_(True)
            )
        )
        for pid, last, first, middle in people.all():
            found[pid] = Addressee(pid, full_name(last, first, middle), notes[pid])
    return found
