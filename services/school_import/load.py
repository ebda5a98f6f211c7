"""The teaching load: teacher x class (or subgroup) x subject x hours a week.

A class, subject and subgroup have one teacher: a row for them again changes the teacher
or the hours of the load already there; subjects and subgroups are added as named."""

from dataclasses import dataclass

from sqlalchemy import select

from db.models import (
    Person,
    School,
    SchoolClass,
    SchoolYear,
    Subgroup,
    Subject,
    TeachingAssignment,
)
from services.context import Ctx
from services.school_import.bulk import insert_rows
from services.school_import.finding import find_class, find_staff, subject_key, subjects_by_key
from services.school_import.issues import Issues, Where
from services.school_import.normalize import clean, name_key
from services.school_import.report import ImportReport
from services.school_import.school import SchoolPeople, classes_of_year, load_people
from services.school_import.tables import read_rows
from services.school_import.workbook import Row

LOAD = "нагрузка"
SUBJECTS = "предметы"
SUBGROUPS = "подгруппы"
MAX_HOURS = 12
WHOLE_CLASS = "весь класс"


@dataclass(frozen=True)
class LoadRow:
    where: Where
    teacher: Person
    school_class: SchoolClass
    subject: str
    subgroup: str  # "" for the whole class
    hours: int


class SchoolBooks:
    """Subjects and subgroups, found by name or added (in memory until written)."""

    def __init__(self, ctx: Ctx, school: School, apply: bool, report: ImportReport) -> None:
        self.ctx, self.school, self.apply, self.report = ctx, school, apply, report
        self.subjects: dict[str, Subject] = {}
        self.subgroups: dict[tuple[int, int | str, str], Subgroup] = {}

    async def load(self, class_ids: list[int]) -> None:
        s = self.ctx.session
        self.subjects = subjects_by_key(
            list(await s.scalars(select(Subject).where(Subject.school_id == self.school.id)))
        )
        groups = await s.scalars(select(Subgroup).where(Subgroup.class_id.in_(class_ids)))
        self.subgroups = {(g.class_id, g.subject_id, name_key(g.name)): g for g in groups}

    def _subject(self, name: str) -> tuple[Subject, bool]:
        found = self.subjects.get(subject_key(name))
        if found is not None:
            return found, False
        found = Subject(school_id=self.school.id, name=clean(name), short_name=clean(name)[:30])
        self.subjects[subject_key(name)] = found
        self.report.added(SUBJECTS, f"предмет «{clean(name)}»")
        if self.apply:
            self.ctx.session.add(found)
        return found, True

    def _subgroup(
        self, school_class: SchoolClass, subject: Subject, name: str
    ) -> tuple[Subgroup, bool]:
        # A subject not yet written has no id: its subgroups are keyed by its name meanwhile.
        key = (school_class.id, subject.id or subject_key(subject.name), name_key(name))
        found = self.subgroups.get(key)
        if found is not None:
            return found, False
        found = Subgroup(class_id=school_class.id, subject_id=subject.id, name=clean(name))
        self.subgroups[key] = found
        self.report.added(SUBGROUPS, f"{school_class.title}, {subject.name}: «{clean(name)}»")
        if self.apply:
            self.ctx.session.add(found)
        return found, True

    async def subject(self, name: str) -> Subject:
        found, new = self._subject(name)
        if new and self.apply:
            await self.ctx.session.flush()
        return found

    async def subgroup(self, school_class: SchoolClass, subject: Subject, name: str) -> Subgroup:
        found, new = self._subgroup(school_class, subject, name)
        if new and self.apply:
            await self.ctx.session.flush()
        return found

    async def prepare(self, wanted: list[tuple[SchoolClass, str, str]]) -> None:
        """The missing subjects, then the missing subgroups (class, subject, subgroup or ""),
        in two writes instead of one a name."""
        for _, subject, _ in wanted:
            self._subject(subject)
        if self.apply:
            await self.ctx.session.flush()
        for school_class, subject, group in wanted:
            if group:
                self._subgroup(school_class, self._subject(subject)[0], group)
        if self.apply:
            await self.ctx.session.flush()


async def import_load(
    ctx: Ctx, school: School, year: SchoolYear, filename: str, content: bytes, apply: bool
) -> ImportReport:
    issues = Issues()
    required = ("teacher", "class", "subject", "hours")
    rows = read_rows(content, filename, issues, required, "учебная нагрузка")
    classes = await classes_of_year(ctx, year.id)
    people = await load_people(ctx, school.id)
    parsed = [r for row in rows if (r := _read(row, classes, people, issues)) is not None]
    seen: dict[tuple[int, str, str], LoadRow] = {}
    for r in parsed:
        first = seen.setdefault(
            (r.school_class.id, subject_key(r.subject), name_key(r.subgroup)), r
        )
        if first is not r:
            part = f", {r.subgroup}" if r.subgroup else ""
            issues.error(
                r.where,
                f"{r.school_class.title}, {r.subject}{part}: уже в строке "
                f"{first.where.row} ({first.teacher.last_name})",
            )
    issues.raise_if_any(filename)
    report = ImportReport("учебная нагрузка", filename, applied=apply, notices=issues.notices)
    books = SchoolBooks(ctx, school, apply, report)
    await books.load([c.id for c in classes.values()])
    existing = {
        (a.class_id, a.subject_id, a.subgroup_id): a
        for a in await ctx.session.scalars(
            select(TeachingAssignment).where(
                TeachingAssignment.class_id.in_([c.id for c in classes.values()])
            )
        )
    }
    await books.prepare([(r.school_class, r.subject, r.subgroup) for r in parsed])
    new: list[dict[str, int | None]] = []
    for r in parsed:
        subject = await books.subject(r.subject)
        group = await books.subgroup(r.school_class, subject, r.subgroup) if r.subgroup else None
        where = f"{r.school_class.title}, {subject.name}" + (f" ({group.name})" if group else "")
        found = (
            existing.get((r.school_class.id, subject.id, group.id if group else None))
            if subject.id is not None and (group is None or group.id is not None)
            else None
        )
        if found is None:
            report.added(LOAD, f"{where}: {r.teacher.short_name}, {r.hours} ч.")
            new.append(
                {
                    "class_id": r.school_class.id,
                    "subject_id": subject.id,
                    "subgroup_id": group.id if group else None,
                    "teacher_id": r.teacher.id,
                    "hours_per_week": r.hours,
                }
            )
        elif found.teacher_id != r.teacher.id or found.hours_per_week != r.hours:
            before = people.persons[found.teacher_id].short_name
            report.changed(
                LOAD,
                f"{where}: {before}, {found.hours_per_week} ч. → "
                f"{r.teacher.short_name}, {r.hours} ч.",
            )
            if apply:
                found.teacher_id, found.hours_per_week = r.teacher.id, r.hours
        else:
            report.unchanged(LOAD)
    if apply:
        await insert_rows(ctx, TeachingAssignment, new)
        await ctx.session.flush()
    return report


def _read(
    row: Row, classes: dict[tuple[int, str], SchoolClass], people: SchoolPeople, issues: Issues
) -> LoadRow | None:
    cells = {f: row.get(f) for f in ("teacher", "class", "subject", "hours", "subgroup")}
    teacher_text = row.text("teacher") or row.text("full_name")
    missing = [f for f in ("class", "subject", "hours") if not row.text(f)]
    if not teacher_text:
        missing.insert(0, "teacher")
    if missing:
        names = {"teacher": "учитель", "class": "класс", "subject": "предмет", "hours": "часы"}
        issues.error(row.where, "не заполнено: " + ", ".join(names[m] for m in missing))
        return None
    teacher = find_staff(people, teacher_text)
    school_class, class_problem = find_class(classes, row.text("class"))
    ok = True
    if teacher.person is None:
        cell = cells["teacher"] or row.get("full_name")
        issues.error(cell.where if cell else row.where, teacher.problem)
        ok = False
    if school_class is None:
        issues.error(cells["class"].where if cells["class"] else row.where, class_problem)
        ok = False
    hours_text = row.text("hours").replace(",", ".")
    hours = int(float(hours_text)) if _is_number(hours_text) else -1
    if not (1 <= hours <= MAX_HOURS and float(hours_text) == hours):
        where = cells["hours"].where if cells["hours"] else row.where
        issues.error(
            where, f"часов в неделю «{row.text('hours')}»: нужно целое число от 1 до {MAX_HOURS}"
        )
        ok = False
    if not ok or teacher.person is None or school_class is None:
        return None
    subgroup = row.text("subgroup")
    if name_key(subgroup) in (WHOLE_CLASS, "-", "—", "нет"):
        subgroup = ""
    return LoadRow(row.where, teacher.person, school_class, row.text("subject"), subgroup, hours)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
