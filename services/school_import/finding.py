"""Finding the people, classes and subjects a file names among those already in the journal."""

import re
from dataclasses import dataclass

from db.models import Person, SchoolClass, Subject
from services.school_import.normalize import clean, name_key, parse_class
from services.school_import.school import SchoolPeople

_INITIALS = re.compile(r"^\s*([^\s.]+)\s+([^\W\d_])\.?\s*(?:([^\W\d_])\.?)?\s*$")


@dataclass(frozen=True)
class Found:
    person: Person | None = None
    problem: str = ""


def find_staff(people: SchoolPeople, text: str, what: str = "учитель") -> Found:
    """By full name, or by surname and initials as timetables write them: «Иванова А.П.»."""
    key = name_key(text)
    ids = list(people.staff.get(key, []))
    if not ids:
        match = _INITIALS.match(clean(text))
        if match is not None:
            last, first, middle = (name_key(g) if g else "" for g in match.groups())
            ids = [
                pid
                for pids in people.staff.values()
                for pid in pids
                if _fits(people.persons[pid], last, first, middle)
            ]
    if not ids:
        return Found(
            problem=f"{what} «{clean(text)}» не найден среди сотрудников журнала "
            "(сначала загрузите список сотрудников)"
        )
    if len(set(ids)) > 1:
        return Found(
            problem=f"«{clean(text)}»: таких сотрудников несколько, напишите ФИО полностью"
        )
    return Found(people.persons[ids[0]])


def _fits(p: Person, last: str, first: str, middle: str) -> bool:
    return (
        name_key(p.last_name) == last
        and name_key(p.first_name)[:1] == first
        and (not middle or name_key(p.middle_name)[:1] == middle)
    )


def find_class(
    classes: dict[tuple[int, str], SchoolClass], text: str
) -> tuple[SchoolClass | None, str]:
    parsed = parse_class(text)
    if parsed is None:
        return None, f"не понимаю класс «{clean(text)}»: напишите, например, 5А"
    found = classes.get(parsed)
    if found is None:
        return None, (
            f"класса {parsed[0]}{parsed[1]} нет в журнале (классы появляются со списками учеников)"
        )
    return found, ""


def subject_key(text: str) -> str:
    return name_key(text).rstrip(".")


def subjects_by_key(subjects: list[Subject]) -> dict[str, Subject]:
    return {subject_key(s.name): s for s in subjects}
