"""Who is in which subgroup: a row a pupil, with the class, the subject and the subgroup.

A pupil is in one subgroup of a class's subject: a row putting them in another moves them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import Person, School, SchoolClass, SchoolYear, Subgroup, SubgroupMember
from services.context import Ctx
from services.school_import.finding import find_class
from services.school_import.issues import Issues, Where
from services.school_import.load import SchoolBooks
from services.school_import.normalize import BadDate, clean, parse_date
from services.school_import.report import ImportReport
from services.school_import.roster_rows import Name, read_name
from services.school_import.school import SchoolPeople, classes_of_year, load_people
from services.school_import.tables import read_rows
from services.school_import.workbook import Row

MEMBERS = "ученики в подгруппах"


@dataclass(frozen=True)
class MemberRow:
    where: Where
    pupil: Person
    school_class: SchoolClass
    subject: str
    subgroup: str


async def import_subgroups(
    ctx: Ctx, school: School, year: SchoolYear, filename: str, content: bytes, apply: bool
) -> ImportReport:
    issues = Issues()
    required = ("class", "subject", "subgroup")
    rows = read_rows(content, filename, issues, required, "подгруппы")
    classes = await classes_of_year(ctx, year.id)
    people = await load_people(ctx, school.id)
    parsed = [r for row in rows if (r := _read(row, classes, people, issues)) is not None]
    seen: dict[tuple[int, str], MemberRow] = {}
    for r in parsed:
        first = seen.setdefault((r.pupil.id, clean(r.subject).casefold()), r)
        if first is not r:
            issues.error(
                r.where,
                f"{r.pupil.last_name} {r.pupil.first_name} уже в подгруппе "
                f"«{first.subgroup}» по предмету «{r.subject}» "
                f"(строка {first.where.row})",
            )
    issues.raise_if_any(filename)
    report = ImportReport("подгруппы", filename, applied=apply, notices=issues.notices)
    books = SchoolBooks(ctx, school, apply, report)
    class_ids = [c.id for c in classes.values()]
    await books.load(class_ids)
    groups_by_id = {g.id: g for g in books.subgroups.values()}
    members: dict[tuple[int, int], SubgroupMember] = {}  # (pupil, subject) -> membership
    for m in await ctx.session.scalars(
        select(SubgroupMember)
        .join(Subgroup, Subgroup.id == SubgroupMember.subgroup_id)
        .where(Subgroup.class_id.in_(class_ids))
    ):
        group = groups_by_id.get(m.subgroup_id)
        if group is not None:
            members[(m.pupil_id, group.subject_id)] = m
    await books.prepare([(r.school_class, r.subject, r.subgroup) for r in parsed])
    for r in parsed:
        subject = await books.subject(r.subject)
        group = await books.subgroup(r.school_class, subject, r.subgroup)
        pupil = f"{r.pupil.last_name} {r.pupil.first_name}"
        current = members.get((r.pupil.id, subject.id)) if subject.id is not None else None
        if current is not None and group.id == current.subgroup_id:
            report.unchanged(MEMBERS)
            continue
        if current is None:
            report.added(MEMBERS, f"{pupil}: {subject.name}, «{group.name}»")
            if apply:
                ctx.session.add(SubgroupMember(subgroup_id=group.id, pupil_id=r.pupil.id))
        else:
            before = groups_by_id[current.subgroup_id].name
            report.changed(MEMBERS, f"{pupil}: {subject.name}, «{before}» → «{group.name}»")
            if apply:
                current.subgroup_id = group.id
    if apply:
        await ctx.session.flush()
    return report


def _read(
    row: Row, classes: dict[tuple[int, str], SchoolClass], people: SchoolPeople, issues: Issues
) -> MemberRow | None:
    name = read_name(row, "", issues, "ученик")
    if name is None and row.text("pupil"):
        parts = row.text("pupil").split(" ")
        name = Name(parts[0], parts[1], " ".join(parts[2:])) if len(parts) >= 2 else None
    if name is None:
        issues.error(row.where, "нужны фамилия и имя ученика")
        return None
    class_cell = row.get("class")
    school_class, problem = find_class(classes, row.text("class"))
    if school_class is None:
        issues.error(class_cell.where if class_cell else row.where, problem)
        return None
    if not row.text("subject") or not row.text("subgroup"):
        issues.error(row.where, "не заполнены предмет или подгруппа")
        return None
    birth = None
    cell = row.get("birth_date")
    if cell is not None and cell.value is not None:
        try:
            birth = parse_date(cell.value)
        except BadDate as exc:
            issues.error(cell.where, str(exc))
            return None
    pupil = _pupil_of_class(people, name, birth, school_class)
    if isinstance(pupil, str):
        issues.error(row.where, pupil)
        return None
    return MemberRow(row.where, pupil, school_class, row.text("subject"), row.text("subgroup"))


def _pupil_of_class(
    people: SchoolPeople, name: Name, birth: date | None, school_class: SchoolClass
) -> Person | str:
    found = [
        people.persons[i]
        for i in people.pupils.get(name.key, [])
        if any(e.class_id == school_class.id and e.is_active for e in people.enrollments[i])
        and (birth is None or people.persons[i].birth_date == birth)
    ]
    if not found:
        return f"в классе {school_class.title} нет ученика {name.full}"
    if len(found) > 1:
        return f"в классе {school_class.title} два ученика {name.full}: укажите дату рождения"
    return found[0]
