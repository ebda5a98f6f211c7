"""The timetable as an Excel grid, drawn either way (grid_layouts.py): a cell names the
subject (as in the load, or shortened: «Англ. яз.»), maybe the group and the room:
«Математика 21», «Англ. яз. (1 гр.) 31 / Англ. яз. (2 гр.) 32»."""

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from db.models import SchoolClass, Subgroup, Subject, TeachingAssignment
from services.context import Ctx
from services.school_import.grid_layouts import days_across, days_down
from services.school_import.issues import Issue, Issues, Where
from services.school_import.normalize import name_key
from services.school_import.timetable_plan import ClassKey, LoadKey, PlannedSlot, TimetablePlan
from services.school_import.workbook import merged_grid, open_workbook

_ROOM = re.compile(
    r"(?:\bкаб(?:инет)?\.?|\bк\.)?\s*(\d{1,4}[а-яa-z]?|спортзал|актовый зал)\s*$", re.IGNORECASE
)
_GROUP = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class ClassLoad:
    subject: str
    subgroup: str  # "" for the whole class


def _words(text: str) -> list[str]:
    return re.findall(r"[а-яёa-z0-9]+", name_key(text))


def _fits(written: str, subject: str) -> bool:
    """«Англ. яз.» fits «Английский язык»: each word written starts the subject's word."""
    short, full = _words(written), _words(subject)
    return (
        bool(short)
        and len(short) == len(full)
        and all(f.startswith(s) for s, f in zip(short, full, strict=True))
    )


def _group_fits(written: str, group: str) -> bool:
    """«1 гр.» fits «1 группа»; «девоч.» fits «Девочки»."""
    digits = re.findall(r"\d+", written)
    if digits:
        return digits == re.findall(r"\d+", group)
    short, full = _words(written), _words(group)
    return bool(short) and all(f.startswith(s) for s, f in zip(short, full, strict=False))


async def class_loads(ctx: Ctx, year_id: int) -> dict[ClassKey, list[ClassLoad]]:
    rows = await ctx.session.execute(
        select(SchoolClass.grade, SchoolClass.letter, Subject.name, Subgroup.name)
        .select_from(TeachingAssignment)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(Subgroup, Subgroup.id == TeachingAssignment.subgroup_id)
        .where(SchoolClass.year_id == year_id)
    )
    loads: dict[ClassKey, list[ClassLoad]] = defaultdict(list)
    for grade, letter, subject, group in rows:
        loads[(grade, letter)].append(ClassLoad(subject, group or ""))
    return loads


def plan_grid(
    content: bytes, filename: str, loads: dict[ClassKey, list[ClassLoad]], issues: Issues
) -> TimetablePlan:
    plan = TimetablePlan()
    for sheet in open_workbook(content, filename, issues):
        grid = merged_grid(sheet, sheet.max_row)
        where = Where(filename, sheet.title)
        cells = days_down(grid, where, issues)
        if cells is None:  # the other way round: classes down, days across
            cells = days_across(grid, where, issues)
        if cells is None:
            issues.notices.append(_notice(where))
            continue
        for c in cells:
            _cell(c.text, c.class_key, c.weekday, c.number, loads, plan, c.where, issues)
    if not plan.slots and not issues.errors:
        issues.error(
            Where(filename),
            "в таблице нет сетки расписания: столбцы «День», «Урок» и классы («5А», «5Б»…) "
            "или классы строками, а над уроками — дни («Понедельник», «Пн») и номера уроков",
        )
    return plan


def _notice(where: Where) -> Issue:
    return Issue(
        where,
        "лист пропущен: нет ни строки с «День», «Урок» и классами, "
        "ни строки дней над номерами уроков",
    )


def _cell(
    text: str,
    class_key: ClassKey,
    weekday: int,
    number: int,
    loads: dict[ClassKey, list[ClassLoad]],
    plan: TimetablePlan,
    where: Where,
    issues: Issues,
) -> None:
    title = f"{class_key[0]}{class_key[1]}"
    for part in re.split(r"\s*[/\n;]\s*", text):
        if not part:
            continue
        group_match = _GROUP.search(part)
        group = group_match[1] if group_match else ""
        rest = _GROUP.sub(" ", part).strip()
        room_match = _ROOM.search(rest)
        room = room_match[1] if room_match else ""
        subject_text = rest[: room_match.start()].strip(" ,") if room_match else rest
        subjects = [ld for ld in loads.get(class_key, []) if _fits(subject_text, ld.subject)]
        if not subjects:
            issues.error(
                where,
                f"«{subject_text}»: такого предмета нет в нагрузке {title} "
                "(загрузите сначала нагрузку: journal import load)",
            )
            continue
        if group:
            chosen = [ld for ld in subjects if ld.subgroup and _group_fits(group, ld.subgroup)]
        else:
            whole = [ld for ld in subjects if not ld.subgroup]
            chosen = whole or subjects  # no group named: the lesson is for every group
        if not chosen:
            issues.error(where, f"«{part}»: в {title} нет такой группы по этому предмету")
            continue
        for ld in chosen:
            plan.slots.append(
                PlannedSlot(
                    LoadKey(class_key, ld.subject, ld.subgroup),
                    weekday,
                    number,
                    room[:20],
                    where=where,
                )
            )
