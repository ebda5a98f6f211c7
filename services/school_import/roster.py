"""Pupils and guardians from a class list: added, moved between classes, contacts updated.

Pupils are found again by name and date of birth; guardians by phone, then by name and
child, then by name and the child's family name (a sibling's parent is the same person).
Nobody is deleted: a pupil missing from the file is left as they are. A pupil who left the
school and is in the list again comes back by the roster's own rule (the chat's «Вернуть?»,
services.roster.returns): into the place they had in that class this year, as it was; a pupil
in another class moves by the rule of the chat's move (services.roster.moves), back into an
earlier place as it was too."""

from dataclasses import dataclass, field
from datetime import date

from db.enums import EnrollmentEnd, Gender
from db.models import Enrollment, GuardianLink, Person, School, SchoolClass, SchoolYear
from services.context import Ctx
from services.people.actor import Actor
from services.roster.moves import MoveOutcome, move_outcome, settle_move
from services.roster.returns import ReturningPupil, describe_return, readmit, was_left
from services.school_import.bulk import insert_persons, insert_rows
from services.school_import.issues import Issue, Issues, Where
from services.school_import.normalize import name_key, person_key, phone_key
from services.school_import.progress import report_progress
from services.school_import.report import ImportReport
from services.school_import.roster_rows import GuardianRow, PupilRow, gender_change, read_pupils
from services.school_import.school import SchoolPeople, classes_of_year, load_people
from services.school_import.workbook import open_workbook, read_table

PUPILS = "ученики"
GUARDIANS = "родители"
CLASSES = "классы"
_RANK = {"unchanged": 0, "changed": 1, "added": 2}
_GENDERED = {Gender.MALE: ("выбыл", "вернулся"), Gender.FEMALE: ("выбыла", "вернулась")}


def family_key(last_name: str) -> str:
    """Иванов and Иванова are one family."""
    return name_key(last_name).removesuffix("а")


async def import_roster(
    ctx: Ctx,
    school: School,
    year: SchoolYear,
    filename: str,
    content: bytes,
    today: date,
    apply: bool,
    actor: Actor | None = None,
) -> ImportReport:
    """actor: who loads the list, for the audit (None: the command line)."""
    issues = Issues()
    pupils: list[PupilRow] = []
    tables = 0
    for sheet in open_workbook(content, filename, issues):
        table = read_table(sheet, filename, issues, with_guardians=True)
        if table is None:
            issues.notice(Where(filename, sheet.title), "лист пропущен: в нём нет заголовков")
            continue
        tables += 1
        pupils += read_pupils(table, today, issues)
    if not tables and not issues.errors:
        issues.error(Where(filename), "ни на одном листе нет списка учеников с заголовками")
    _check_duplicates(pupils, issues)
    issues.raise_if_any(filename)
    report = ImportReport("ученики и родители", filename, applied=apply, notices=issues.notices)
    roster = _Roster(ctx, school, year, report, apply, await load_people(ctx, school.id))
    roster.today, roster.actor = today, actor
    await roster.run(pupils, await classes_of_year(ctx, year.id))
    return report


def _check_duplicates(pupils: list[PupilRow], issues: Issues) -> None:
    seen: dict[tuple[str, date], PupilRow] = {}
    for p in pupils:
        first = seen.setdefault((p.name.key, p.birth_date), p)
        if first is not p:
            issues.error(
                p.where,
                f"ученик {p.name.full} ({p.birth_date:%d.%m.%Y}) уже записан: "
                f"лист «{first.where.sheet}», строка {first.where.row}",
            )


@dataclass
class _Roster:
    ctx: Ctx
    school: School
    year: SchoolYear
    report: ImportReport
    apply: bool
    people: SchoolPeople
    status: dict[int, str] = field(default_factory=dict)  # id(person) -> its outcome
    new_persons: list[Person] = field(default_factory=list)
    links: dict[tuple[int, int], GuardianLink] = field(default_factory=dict)
    new_links: list[tuple[Person, Person, str]] = field(default_factory=list)
    enrol: list[tuple[Person, SchoolClass]] = field(default_factory=list)
    by_phone: dict[str, list[Person]] = field(default_factory=dict)
    by_family: dict[tuple[str, str], Person] = field(default_factory=dict)
    seen_guardians: list[Person] = field(default_factory=list)
    class_titles: dict[int, str] = field(default_factory=dict)
    phones_given: dict[int, tuple[str, Where]] = field(default_factory=dict)
    linked: set[tuple[int, int]] = field(default_factory=set)
    moved_in: set[int] = field(default_factory=set)
    today: date = date.min
    actor: Actor | None = None

    def _mark(self, person: Person, outcome: str) -> None:
        old = self.status.get(id(person), "unchanged")
        self.status[id(person)] = outcome if _RANK[outcome] > _RANK[old] else old

    async def run(
        self, pupils: list[PupilRow], classes: dict[tuple[int, str], SchoolClass]
    ) -> None:
        self._index_guardians()
        new_classes = []
        for grade, letter in sorted({(p.grade, p.letter) for p in pupils} - set(classes)):
            c = SchoolClass(
                school_id=self.school.id, year_id=self.year.id, grade=grade, letter=letter, shift=1
            )
            classes[(grade, letter)] = c
            new_classes.append(c)
            self.report.added(CLASSES, f"класс {grade}{letter}")
        self.report.unchanged(
            CLASSES, len({(p.grade, p.letter) for p in pupils}) - len(new_classes)
        )
        if self.apply and new_classes:
            self.ctx.session.add_all(new_classes)
            await self.ctx.session.flush()
        year_classes = {c.id for c in classes.values() if c.id is not None}
        self.class_titles = {c.id: c.title for c in classes.values() if c.id is not None}
        pupil_persons = []
        for row in pupils:
            pupil = await self._pupil(row, classes[(row.grade, row.letter)], year_classes)
            pupil_persons.append(pupil)
            for g in row.guardians:
                self._guardian(g, pupil)
        self._tally(pupil_persons, PUPILS)
        guardians = {id(g): g for (g, _, _) in self.new_links}
        guardians.update({id(p): p for p in self.seen_guardians})
        self._tally(list(guardians.values()), GUARDIANS)
        if self.apply:
            await self._write()

    def _index_guardians(self) -> None:
        for pupil_id, links in self.people.guardians_of.items():
            pupil = self.people.persons.get(pupil_id)
            for link in links:
                guardian = self.people.persons.get(link.guardian_id)
                if guardian is None or pupil is None:
                    continue
                self.links[(link.guardian_id, pupil_id)] = link
                if guardian.phone:
                    self.by_phone.setdefault(phone_key(guardian.phone), []).append(guardian)
                key = (self._key(guardian), family_key(pupil.last_name))
                self.by_family.setdefault(key, guardian)

    @staticmethod
    def _key(p: Person) -> str:
        return person_key(p.last_name, p.first_name, p.middle_name)

    async def _pupil(self, row: PupilRow, target: SchoolClass, year_classes: set[int]) -> Person:
        found = [
            self.people.persons[i]
            for i in self.people.pupils.get(row.name.key, [])
            if self.people.persons[i].birth_date == row.birth_date
        ]
        if not found:
            if self.people.pupils.get(row.name.key):
                self.report.notices.append(
                    Issue(
                        row.where,
                        f"в журнале есть {row.name.full} с другой датой рождения: "
                        "записан новый ученик",
                    )
                )
            pupil = Person(
                school_id=self.school.id,
                last_name=row.name.last,
                first_name=row.name.first,
                middle_name=row.name.middle,
                birth_date=row.birth_date,
                gender=row.gender,
                phone="",
                email="",
            )
            self.new_persons.append(pupil)
            self.enrol.append((pupil, target))
            self._mark(pupil, "added")
            self.report.changes.append(f"+ {row.name.full}, {row.class_title}")
            return pupil
        pupil = found[0]
        gender = gender_change(pupil.gender, row.gender)
        if gender is not None:
            self._change(pupil, f"{row.name.full}: {gender}")
            if self.apply:
                pupil.gender = row.gender
        if was_left(pupil, self.people.enrollments[pupil.id]):
            told = await describe_return(self.ctx, pupil, target)
            self._change(pupil, _comes_back(told, row.class_title, self.today, self.apply))
            if self.apply:
                await readmit(self.ctx, self.actor, pupil, target, self.today)
            return pupil
        if not pupil.is_active:
            self._change(pupil, f"{row.name.full}: снова учится, {row.class_title}")
            if self.apply:
                pupil.is_active = True
        enrollments = [e for e in self.people.enrollments[pupil.id] if e.class_id in year_classes]
        active = [e for e in enrollments if e.is_active]
        if target.id is not None and [e.class_id for e in active] == [target.id]:
            return pupil
        old = ", ".join(self.class_titles.get(e.class_id, "?") for e in active) or "без класса"
        line = f"{row.name.full}: {old} → {row.class_title}"
        if len(active) == 1:  # a move, by the chat's rule: the records stay with the pupil
            outcome = await move_outcome(self.ctx, active[0], target.id)
            self._change(pupil, line + self._back(outcome, old, row.class_title))
            if self.apply:
                await settle_move(self.ctx, self.actor, active[0], target.id, self.today)
            return pupil
        self._change(pupil, line)
        if self.apply:
            for e in active:  # places held in several classes at once (a broken record) end
                e.is_active, e.ends_on, e.ended = False, self.today, EnrollmentEnd.MOVED
            again = next((e for e in enrollments if e.class_id == target.id), None)
            if again is not None:  # as services.roster.moves: the place as it was
                again.is_active, again.ends_on, again.ended = True, None, None
            else:
                self.enrol.append((pupil, target))
                self.moved_in.add(id(pupil))
        return pupil

    def _back(self, outcome: MoveOutcome, old: str, new: str) -> str:
        """A move back into an earlier place of this year, said as the chat's check says it."""
        if outcome.again is None:
            return ""
        since = outcome.again.starts_on
        told = f"с {since:%d.%m.%Y}" if since else "с начала учебного года"
        line = f", возвращение на прежнее место ({told}): записи в {new} остаются как были"
        if outcome.drops:
            gone = "убрано" if self.apply else "уберётся"
            line += f"; место в {old} {gone}: там ничего не записано"
        return line

    def _change(self, person: Person, line: str) -> None:
        self._mark(person, "changed")
        self.report.changes.append(f"~ {line}")

    def _guardian(self, g: GuardianRow, pupil: Person) -> None:
        key = g.name.key
        guardian = None
        if g.phone:
            guardian = next(
                (p for p in self.by_phone.get(phone_key(g.phone), []) if self._key(p) == key), None
            )
        if guardian is None and pupil.id is not None:
            guardian = next(
                (
                    self.people.persons[link.guardian_id]
                    for link in self.people.guardians_of.get(pupil.id, [])
                    if self.people.key(link.guardian_id) == key
                ),
                None,
            )
        if guardian is None:
            # A sibling's parent of the same name, unless their phones say two people.
            guardian = self.by_family.get((key, family_key(pupil.last_name)))
            if guardian is not None and g.phone and guardian.phone:
                guardian = guardian if phone_key(guardian.phone) == phone_key(g.phone) else None
        if guardian is None:
            guardian = Person(
                school_id=self.school.id,
                last_name=g.name.last,
                first_name=g.name.first,
                middle_name=g.name.middle,
                phone=g.phone,
                email=g.email,
            )
            self.new_persons.append(guardian)
            self._mark(guardian, "added")
            self.report.changes.append(
                f"+ {g.name.full} ({g.relation} — {pupil.last_name} {pupil.first_name})"
            )
        else:
            self._update_contacts(guardian, g)
        self.seen_guardians.append(guardian)
        if g.phone:
            self.by_phone.setdefault(phone_key(g.phone), []).append(guardian)
        self.by_family.setdefault((key, family_key(pupil.last_name)), guardian)
        self._link(guardian, pupil, g)

    def _update_contacts(self, guardian: Person, g: GuardianRow) -> None:
        changes = []
        first = self.phones_given.setdefault(id(guardian), (g.phone, g.where)) if g.phone else None
        if first is not None and phone_key(first[0]) != phone_key(g.phone):
            self.report.notices.append(
                Issue(
                    g.where,
                    f"у родителя {g.name.full} в файле и другой телефон, {first[0]} "
                    f"(строка {first[1].row}): записан тот, что выше",
                )
            )
        elif g.phone and phone_key(guardian.phone) != phone_key(g.phone):
            changes.append(f"телефон {guardian.phone or '—'} → {g.phone}")
            if self.apply:
                guardian.phone = g.phone
        if g.email and name_key(guardian.email) != name_key(g.email):
            changes.append(f"почта {guardian.email or '—'} → {g.email}")
            if self.apply:
                guardian.email = g.email
        if changes and self.status.get(id(guardian)) != "added":
            self._change(guardian, f"{g.name.full}: " + ", ".join(changes))

    def _link(self, guardian: Person, pupil: Person, g: GuardianRow) -> None:
        link = (
            self.links.get((guardian.id, pupil.id))
            if guardian.id is not None and pupil.id is not None
            else None
        )
        if link is None:
            if (id(guardian), id(pupil)) in self.linked:
                return
            self.linked.add((id(guardian), id(pupil)))
            self.new_links.append((guardian, pupil, g.relation))
            if self.status.get(id(guardian)) != "added":
                self._change(
                    guardian, f"{g.name.full}: ребёнок {pupil.last_name} {pupil.first_name}"
                )
        elif link.relation != g.relation:
            self._change(guardian, f"{g.name.full}: {link.relation or '—'} → {g.relation}")
            if self.apply:
                link.relation = g.relation

    def _tally(self, persons: list[Person], what: str) -> None:
        seen: set[int] = set()
        for p in persons:
            if id(p) in seen:
                continue
            seen.add(id(p))
            outcome = self.status.get(id(p), "unchanged")
            tally = self.report.tally(what)
            if outcome == "added":
                tally.added += 1
            elif outcome == "changed":
                tally.changed += 1
            else:
                tally.unchanged += 1

    async def _write(self) -> None:
        report_progress("Запись учеников и родителей")
        await insert_persons(self.ctx, self.new_persons)
        await insert_rows(
            self.ctx,
            Enrollment,
            [
                {
                    "pupil_id": p.id,
                    "class_id": c.id,
                    "is_active": True,
                    # A new pupil's place runs from the year's start; a moved one's from today.
                    "starts_on": self.today if id(p) in self.moved_in else None,
                    "ends_on": None,
                    "ended": None,
                }
                for p, c in self.enrol
            ],
        )
        await insert_rows(
            self.ctx,
            GuardianLink,
            [
                {"guardian_id": g.id, "pupil_id": p.id, "relation": relation}
                for g, p, relation in self.new_links
            ],
        )


def _comes_back(told: ReturningPupil, class_title: str, today: date, done: bool) -> str:
    """A pupil who left, back in the list: what `readmit` does (or did), plainly."""
    left, came = ("выбыл(а)", "вернулся(ась)")
    if told.gender is not None:
        left, came = _GENDERED[told.gender]
    on = f" {told.left_on:%d.%m.%Y}" if told.left_on else ""
    verb = came if done else "вернётся"
    if told.back_to_place:
        since = f"с {told.place_since:%d.%m.%Y}" if told.place_since else "с начала учебного года"
        where = f"{verb} на прежнее место в {class_title}, с той же даты начала ({since})"
    else:
        where = f"{verb} в школу, в {class_title}, с {today:%d.%m.%Y}"
    line = (
        f"{told.full_name}: {left}{on} из {told.left_class}; {where}, со всеми записями "
        f"(отметок {told.marks}, пропусков {told.absences})"
    )
    if told.guardians:
        access = "снова получили" if done else "снова получат"
        line += f"; родители ({', '.join(told.guardians)}) {access} доступ"
    return line
