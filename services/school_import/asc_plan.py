"""From an aSc export to the journal's terms: classes, the load with its subgroups and
teachers, the weekly slots with their weeks and terms, the bells of each shift."""

import math
from collections import Counter, defaultdict

from services.school_import.asc_xml import AscExport, AscLesson
from services.school_import.bells import Bell
from services.school_import.finding import find_staff
from services.school_import.issues import Issue, Issues, Where
from services.school_import.normalize import parse_class, split_full_name
from services.school_import.roster_rows import Name
from services.school_import.school import SchoolPeople
from services.school_import.timetable_plan import (
    ClassKey,
    LoadKey,
    PlannedLoad,
    PlannedSlot,
    TimetablePlan,
)


def shifts_of_periods(export: AscExport) -> dict[int, tuple[int, int]]:
    """aSc numbers periods through the day; the second shift's names start again at "1",
    or its times go back: by number and times, each period's shift and number in it."""
    mapping: dict[int, tuple[int, int]] = {}
    shift, number, names, last_start = 1, 0, set[str](), None
    for period in sorted(export.periods.values(), key=lambda p: p.number):
        restarts = period.name in names or (
            last_start is not None
            and period.starts_at is not None
            and period.starts_at < last_start
        )
        if restarts and number:
            shift, number, names = shift + 1, 0, set()
        number += 1
        names.add(period.name)
        last_start = period.starts_at or last_start
        mapping[period.number] = (shift, number)
    return mapping


def _bits(text: str) -> str:
    """ "" for every week or term: only a real alternation is kept."""
    return "" if not text or set(text) == {"1"} else text


def _either(a: str, b: str) -> str:
    """The weeks of two cards of one slot: "10" and "01" make every week."""
    if not a or not b or "1" not in a or "1" not in b:
        return ""
    size = math.lcm(len(a), len(b))
    return "".join(
        "1" if a[i % len(a)] == "1" or b[i % len(b)] == "1" else "0" for i in range(size)
    )


def plan_asc(
    export: AscExport, people: SchoolPeople, filename: str, issues: Issues
) -> TimetablePlan:
    where = Where(filename)
    plan = TimetablePlan(loads={})
    assert plan.loads is not None
    by_number = shifts_of_periods(export)
    for period in export.periods.values():
        shift, number = by_number[period.number]
        if period.starts_at and period.ends_at:
            plan.bells.append(
                Bell(
                    where.within(f'<period period="{period.number}">'),
                    shift,
                    number,
                    period.starts_at,
                    period.ends_at,
                )
            )
    classes: dict[str, ClassKey] = {}
    for class_id, name in export.classes.items():
        parsed = parse_class(name)
        if parsed is None:
            issues.error(
                where.within(f'<class id="{class_id}">'),
                f"не понимаю класс «{name}»: назовите его в aSc, например, 5А",
            )
        else:
            classes[class_id] = parsed
    teachers = {t_id: _teacher(t_id, export, people, where, issues) for t_id in export.teachers}
    units_of: dict[str, list[tuple[LoadKey, int | None, Name | None, str]]] = {}
    for lesson in export.lessons.values():
        units = _units(lesson, export, classes, teachers, where, issues)
        units_of[lesson.id] = units
        hours = max(1, round(lesson.per_week))
        for key, teacher_id, new_teacher, _room in units:
            found = plan.loads.get(key.match)
            if found is None:
                plan.loads[key.match] = PlannedLoad(
                    key, teacher_id, new_teacher, hours, where.within(f'<lesson id="{lesson.id}">')
                )
            elif (found.teacher_id, found.new_teacher) != (teacher_id, new_teacher):
                issues.error(
                    where.within(f'<lesson id="{lesson.id}">'),
                    f"{_title(key)}: у одного урока два разных учителя в разных "
                    "уроках aSc; разделите класс на группы",
                )
            else:
                found.hours += hours
    _slots(export, units_of, by_number, plan, where)
    return plan


def _title(key: LoadKey) -> str:
    group = f" ({key.subgroup})" if key.subgroup else ""
    return f"{key.school_class[0]}{key.school_class[1]}, {key.subject}{group}"


def _teacher(
    t_id: str, export: AscExport, people: SchoolPeople, where: Where, issues: Issues
) -> tuple[int | None, Name | None] | None:
    t = export.teachers[t_id]
    for text in (t.name, f"{t.last} {t.first}".strip()):
        if text and (found := find_staff(people, text)).person is not None:
            return found.person.id, None
    parts = split_full_name(t.name) or ((t.last, t.first, "") if t.last and t.first else None)
    if parts is not None and "." not in "".join(parts) and len(parts[1]) > 1:
        return None, Name(*parts)  # a new teacher, named in full
    issues.error(
        where.within(f'<teacher id="{t_id}">'),
        f"учитель «{t.name or t.last}» не найден среди сотрудников журнала, а полного "
        "ФИО в выгрузке нет: загрузите сначала список сотрудников (journal import staff)",
    )
    return None


def _units(
    lesson: AscLesson,
    export: AscExport,
    classes: dict[str, ClassKey],
    teachers: dict[str, tuple[int | None, Name | None] | None],
    where: Where,
    issues: Issues,
) -> list[tuple[LoadKey, int | None, Name | None, str]]:
    """The class or subgroups a lesson is for, each with its teacher and room: a lesson split
    into groups comes as one lesson per group or as one naming both groups and teachers."""
    element = where.within(f'<lesson id="{lesson.id}">')
    subject = export.subjects.get(lesson.subject_id, "")
    if not subject:
        issues.error(element, "у урока нет предмета")
        return []
    if not lesson.teacher_ids:
        issues.notices.append(Issue(element, f"урок «{subject}» без учителя пропущен"))
        return []
    targets: list[tuple[ClassKey, str]] = []
    for class_id in lesson.class_ids:
        if class_id not in classes:
            if class_id not in export.classes:
                issues.error(element, f"класса с id {class_id} нет в <classes>")
            continue
        groups = [
            export.groups[g].name
            for g in lesson.group_ids
            if g in export.groups
            and export.groups[g].class_id == class_id
            and not export.groups[g].entire
        ]
        targets += [(classes[class_id], g) for g in groups] or [(classes[class_id], "")]
    found = [teachers.get(t) for t in lesson.teacher_ids]
    if any(f is None for f in found):
        return []
    people = [f for f in found if f is not None]
    rooms = [export.rooms.get(r, "") for r in lesson.room_ids]
    units = []
    for i, (class_key, group) in enumerate(targets):
        teacher = people[i] if len(people) == len(targets) else people[min(i, len(people) - 1)]
        room = rooms[i] if len(rooms) == len(targets) else (rooms[0] if rooms else "")
        units.append((LoadKey(class_key, subject, group), teacher[0], teacher[1], room))
    if len(people) > 1 and len(targets) == 1:
        names = [export.teachers[t].name or export.teachers[t].last for t in lesson.teacher_ids]
        issues.notices.append(
            Issue(
                element,
                f"у урока «{subject}» несколько учителей ({', '.join(names)}), а класс не "
                f"разделён на группы: урок записан за первым — {names[0]}; чтобы каждый вёл "
                "свою группу, разделите класс на группы в aSc",
            )
        )
    elif len(people) > 1 and len(people) != len(targets):
        issues.notices.append(
            Issue(
                element,
                f"«{subject}»: учителей {len(people)}, а групп "
                f"{len(targets)} — учителя назначены по порядку",
            )
        )
    return units


def _slots(
    export: AscExport,
    units_of: dict[str, list[tuple[LoadKey, int | None, Name | None, str]]],
    by_number: dict[int, tuple[int, int]],
    plan: TimetablePlan,
    where: Where,
) -> None:
    periods: dict[tuple[str, int], list[int]] = defaultdict(list)
    card_of: dict[tuple[str, int, int], tuple[str, str, tuple[str, ...]]] = {}
    for card in export.cards:
        for weekday, bit in enumerate(card.days):
            if bit == "1":
                periods[(card.lesson_id, weekday)].append(card.period)
                slot = (card.lesson_id, weekday, card.period)
                weeks = card.weeks
                if slot in card_of:  # the same slot in week A and week B: the weeks add up
                    weeks = _either(card_of[slot][0], weeks)
                card_of[slot] = (weeks, card.terms, card.room_ids)
    shift_votes: dict[ClassKey, Counter[int]] = defaultdict(Counter)
    seen: set[tuple[LoadKey, int, int]] = set()
    for (lesson_id, weekday), numbers in periods.items():
        lesson = export.lessons[lesson_id]
        numbers = sorted(set(numbers))
        if lesson.per_card > 1 and len(numbers) < lesson.per_card:
            # A double lesson exported as one card: the periods after it are its too.
            first = numbers[0]
            numbers = [p for p in range(first, first + lesson.per_card) if p in by_number]
        for period in numbers:
            weeks, terms, room_ids = card_of.get(
                (lesson_id, weekday, period),
                card_of[(lesson_id, weekday, min(periods[(lesson_id, weekday)]))],
            )
            shift, number = by_number[period]
            card_rooms = [export.rooms.get(r, "") for r in room_ids]
            units = units_of.get(lesson_id, [])
            for i, (key, _t, _n, room) in enumerate(units):
                if len(card_rooms) == len(units):
                    room = card_rooms[i]
                elif card_rooms:
                    room = card_rooms[0]
                if (key, weekday, number) in seen:
                    continue
                seen.add((key, weekday, number))
                shift_votes[key.school_class][shift] += 1
                plan.slots.append(
                    PlannedSlot(
                        key,
                        weekday,
                        number,
                        room[:20],
                        _bits(weeks or export.weeks.get(lesson.weeks_id, "")),
                        _bits(terms or export.terms.get(lesson.terms_id, "")),
                    )
                )
    for class_key, votes in shift_votes.items():
        plan.shifts[class_key] = votes.most_common(1)[0][0]
