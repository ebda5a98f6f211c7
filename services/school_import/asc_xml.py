"""An aSc Timetables XML export read as it is: in the code page its declaration names,
with 16-hex-digit ids, and days, weeks and terms as bit strings ("10000" is Monday)."""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import time

from services.school_import.issues import Issues, Where
from services.school_import.normalize import BadDate, clean, parse_time


@dataclass(frozen=True)
class AscPeriod:
    number: int
    name: str
    starts_at: time | None
    ends_at: time | None


@dataclass(frozen=True)
class AscTeacher:
    name: str
    first: str
    last: str


@dataclass(frozen=True)
class AscGroup:
    class_id: str
    name: str
    entire: bool


@dataclass(frozen=True)
class AscLesson:
    id: str
    class_ids: tuple[str, ...]
    subject_id: str
    teacher_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    room_ids: tuple[str, ...]
    per_card: int
    per_week: float
    days_id: str
    weeks_id: str
    terms_id: str


@dataclass(frozen=True)
class AscCard:
    lesson_id: str
    period: int
    days: str
    weeks: str
    terms: str
    room_ids: tuple[str, ...]


@dataclass
class AscExport:
    periods: dict[int, AscPeriod] = field(default_factory=dict)
    days: dict[str, str] = field(default_factory=dict)
    weeks: dict[str, str] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    subjects: dict[str, str] = field(default_factory=dict)
    teachers: dict[str, AscTeacher] = field(default_factory=dict)
    rooms: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    groups: dict[str, AscGroup] = field(default_factory=dict)
    lessons: dict[str, AscLesson] = field(default_factory=dict)
    cards: list[AscCard] = field(default_factory=list)


def _ids(text: str | None) -> tuple[str, ...]:
    return tuple(i.strip() for i in (text or "").split(",") if i.strip())


def looks_like_asc(content: bytes) -> bool:
    head = content[:2000].lstrip()
    return head.startswith(b"<?xml") or b"<timetable" in head


def read_asc(content: bytes, filename: str, issues: Issues) -> AscExport:
    where = Where(filename)
    export = AscExport()
    # Entities are how an XML file blows up its reader; a real export never declares any.
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        issues.error(where, "в файле есть DOCTYPE или ENTITY: выгрузка aSc таких не содержит")
        return export
    try:
        root = ET.fromstring(content)  # the declaration's encoding (windows-1251) is honoured
    except (ET.ParseError, LookupError, ValueError) as exc:
        issues.error(where, f"это не XML-выгрузка aSc Timetables: {exc}")
        return export
    if root.tag != "timetable":
        issues.error(where, f"это не XML-выгрузка aSc Timetables: корневой элемент <{root.tag}>")
        return export
    for e in root.iter("period"):
        _period(e, export, where, issues)
    for tag, target, attr in (
        ("daysdef", export.days, "days"),
        ("weeksdef", export.weeks, "weeks"),
        ("termsdef", export.terms, "terms"),
    ):
        for e in root.iter(tag):
            target[e.get("id", "")] = e.get(attr, "")
    for e in root.iter("subject"):
        export.subjects[e.get("id", "")] = clean(e.get("name", ""))
    for e in root.iter("teacher"):
        export.teachers[e.get("id", "")] = AscTeacher(
            clean(e.get("name", "")), clean(e.get("firstname", "")), clean(e.get("lastname", ""))
        )
    for e in root.iter("classroom"):
        export.rooms[e.get("id", "")] = clean(e.get("short", "") or e.get("name", ""))
    for e in root.iter("class"):
        export.classes[e.get("id", "")] = clean(e.get("name", "") or e.get("short", ""))
    for e in root.iter("group"):
        export.groups[e.get("id", "")] = AscGroup(
            e.get("classid", ""), clean(e.get("name", "")), e.get("entireclass", "0") == "1"
        )
    for e in root.iter("lesson"):
        _lesson(e, export, where, issues)
    for e in root.iter("card"):
        _card(e, export, where, issues)
    if not export.lessons:
        issues.error(where, "в выгрузке нет уроков (<lessons>): выгрузите расписание целиком")
    return export


def _period(e: ET.Element, export: AscExport, where: Where, issues: Issues) -> None:
    number = e.get("period", "")
    if not number.isdigit():
        issues.error(where.within(f'<period name="{e.get("name", "")}">'), "нет номера урока")
        return
    times: list[time | None] = []
    for attr in ("starttime", "endtime"):
        text = e.get(attr, "")
        try:
            times.append(parse_time(text) if text else None)
        except BadDate as exc:
            issues.error(where.within(f'<period period="{number}">'), str(exc))
            times.append(None)
    export.periods[int(number)] = AscPeriod(int(number), clean(e.get("name", "")), *times)


def _lesson(e: ET.Element, export: AscExport, where: Where, issues: Issues) -> None:
    lesson_id = e.get("id", "")
    try:
        per_week = float(e.get("periodsperweek", "1") or "1")
        per_card = int(float(e.get("periodspercard", "1") or "1"))
    except ValueError:
        issues.error(where.within(f'<lesson id="{lesson_id}">'), "число уроков — не число")
        return
    export.lessons[lesson_id] = AscLesson(
        lesson_id,
        _ids(e.get("classids")),
        e.get("subjectid", ""),
        _ids(e.get("teacherids")),
        _ids(e.get("groupids")),
        _ids(e.get("classroomids")),
        max(1, per_card),
        per_week,
        e.get("daysdefid", ""),
        e.get("weeksdefid", ""),
        e.get("termsdefid", ""),
    )


def _card(e: ET.Element, export: AscExport, where: Where, issues: Issues) -> None:
    lesson_id, period = e.get("lessonid", ""), e.get("period", "")
    days = e.get("days", "")
    element = f'<card lessonid="{lesson_id}" period="{period}">'
    if lesson_id not in export.lessons:
        issues.error(where.within(element), "карточка ссылается на урок, которого нет в <lessons>")
        return
    if not period.isdigit() or int(period) not in export.periods:
        issues.error(where.within(element), f"урока номер «{period}» нет в <periods>")
        return
    if not re.fullmatch(r"[01]{5,7}", days) or "1" not in days:
        issues.error(where.within(element), f"дни «{days}»: нужна строка вида 10000 (понедельник)")
        return
    export.cards.append(
        AscCard(
            lesson_id,
            int(period),
            days,
            e.get("weeks", ""),
            e.get("terms", ""),
            _ids(e.get("classroomids")),
        )
    )
