"""`journal year ...`: the year's end as the school's administrator of the journal: close the
year, open the next one, promote the pupils by the director's order, read a pupil's archive."""

import argparse
from typing import Any

from sqlalchemy import select

from bot.commands.journal_step import run_step
from bot.commands.roster_lookup import (
    BadArgument,
    administrator,
    school_of,
)
from db.models import Enrollment, Person, School, SchoolClass, SchoolYear, Subject
from services.context import Ctx
from services.errors import RuleViolation
from services.school_import.normalize import name_key, parse_class
from services.year_end.archive import year_archive
from services.year_end.closing import close_year
from services.year_end.new_class import MissingClasses, add_class
from services.year_end.next_year import open_next_year
from services.year_end.promotion import OrderExceptions, promote_pupils


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "year",
        help="конец учебного года: закрыть, открыть следующий, перевести, архив",
        description=(
            "Конец учебного года от имени администратора журнала (001 §4.1.12): закрыть год "
            "(только когда у всех учеников стоят годовые отметки; после этого журнал года "
            "только читается), открыть следующий (классы на год старше, нагрузка и "
            "расписание переносятся для правки), перевести учеников по приказу директора "
            "(класс, которого для этого не хватает, открывает add-class), "
            "посмотреть архив ученика. Год по умолчанию — последний открытый (для перевода "
            "и архива — последний закрытый)."
        ),
    )
    parser.add_argument("--school", type=int, metavar="ID", help="id школы, если их несколько")
    parser.add_argument("--database-url", metavar="URL", help="база (по умолчанию DATABASE_URL)")
    parser.add_argument("--year", metavar="ГОД", help="учебный год, например 2026/2027")
    steps = parser.add_subparsers(title="действия", metavar="ДЕЙСТВИЕ", required=True)
    steps.add_parser("close", help="закрыть учебный год").set_defaults(step=_close)
    opening = steps.add_parser("open-next", help="открыть следующий учебный год")
    opening.add_argument("--name", default="", help="название, например 2027/2028")
    opening.set_defaults(step=_open_next)
    promote = steps.add_parser("promote", help="перевести учеников по приказу директора")
    promote.add_argument("--order", required=True, help="приказ: «№ 45 от 30.05.2027»")
    promote.add_argument(
        "--repeat", action="append", default=[], metavar="ФИО", help="оставлен на второй год"
    )
    promote.add_argument(
        "--conditional",
        action="append",
        default=[],
        metavar="ФИО:ПРЕДМЕТ[,ПРЕДМЕТ]",
        help="переведён условно, с задолженностью по предметам",
    )
    promote.add_argument(
        "--leave", action="append", default=[], metavar="ФИО", help="выбывает после 9 класса"
    )
    promote.set_defaults(step=_promote)
    adding = steps.add_parser(
        "add-class",
        help="открыть класс в учебном году (например, для оставленных на повторное обучение)",
        description=(
            "Открывает класс в открытом учебном году (по умолчанию — в последнем): нужен, когда "
            "перевод говорит «нет класса …» — например, ученика оставляют на повторное обучение "
            "в 5Б, а 4Б в прошлом году не было. Нагрузка и группы берутся из класса с тем же "
            "названием прошлого года для правки; классного руководителя и расписания у нового "
            "класса пока нет."
        ),
    )
    adding.add_argument("class_title", metavar="КЛАСС", help="например 5Б")
    adding.set_defaults(step=_add_class)
    archive = steps.add_parser("archive", help="архив ученика за закрытый год")
    archive.add_argument("name", help="ФИО ученика")
    archive.set_defaults(step=_archive)
    parser.set_defaults(func=run_step)


async def _year(ctx: Ctx, school: School, name: str | None, *, closed: bool) -> SchoolYear:
    query = select(SchoolYear).where(SchoolYear.school_id == school.id)
    if name is not None:
        query = query.where(SchoolYear.name == name.strip())
    else:
        query = query.where(SchoolYear.is_closed.is_(closed))
    found = await ctx.session.scalar(query.order_by(SchoolYear.starts_on.desc()))
    if found is None:
        which = f"«{name}»" if name else ("закрытого" if closed else "открытого")
        raise BadArgument(f"Нет {which} учебного года.")
    return found


async def _pupil_of_year(ctx: Ctx, year: SchoolYear, typed: str) -> Person:
    people = await ctx.session.scalars(
        select(Person)
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(SchoolClass.year_id == year.id)
    )
    key = name_key(typed)
    found = {
        p.id: p
        for p in people.unique()
        if key
        in (
            name_key(p.full_name),
            name_key(f"{p.last_name} {p.first_name}"),
            name_key(p.last_name),
        )
    }
    if len(found) != 1:
        what = "несколько учеников" if found else "ни одного ученика"
        raise BadArgument(f"«{typed}»: в {year.name} {what} с таким именем. Напишите полнее.")
    return next(iter(found.values()))


async def _close(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    year = await _year(ctx, school, args.year, closed=False)
    await close_year(ctx, await administrator(ctx, school), year.id)
    return f"Учебный год {year.name} закрыт: его журнал теперь только для чтения."


async def _open_next(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    year = await _year(ctx, school, args.year, closed=True) if args.year else None
    if year is None:
        year = await _latest(ctx, school)
    made = await open_next_year(ctx, await administrator(ctx, school), year.id, args.name)
    return (
        f"Открыт следующий за {year.name} учебный год: классов {made.classes}, "
        f"строк нагрузки {made.loads}, уроков в недельном расписании {made.timetable_slots}. "
        "Проверьте даты четвертей и каникул, нагрузку и расписание, затем переведите учеников."
    )


async def _latest(ctx: Ctx, school: School) -> SchoolYear:
    found = await ctx.session.scalar(
        select(SchoolYear)
        .where(SchoolYear.school_id == school.id)
        .order_by(SchoolYear.starts_on.desc())
    )
    if found is None:
        raise BadArgument("В школе нет ни одного учебного года.")
    return found


async def _promote(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    year = await _year(ctx, school, args.year, closed=True)
    subjects = {
        name_key(s.name): s.id
        for s in (
            await ctx.session.scalars(select(Subject).where(Subject.school_id == school.id))
        ).all()
    }
    conditional: dict[int, list[int]] = {}
    for item in args.conditional:
        name, _, listed = item.partition(":")
        debts = []
        for subject in listed.split(","):
            found = subjects.get(name_key(subject))
            if found is None:
                raise BadArgument(f"Нет предмета «{subject.strip()}» (--conditional {item}).")
            debts.append(found)
        conditional[(await _pupil_of_year(ctx, year, name)).id] = debts
    repeat = [(await _pupil_of_year(ctx, year, n)).id for n in args.repeat]
    leave = [(await _pupil_of_year(ctx, year, n)).id for n in args.leave]
    try:
        done = await promote_pupils(
            ctx,
            await administrator(ctx, school),
            year.id,
            args.order,
            OrderExceptions(repeat, conditional, leave),
        )
    except MissingClasses as missing:
        raise RuleViolation(_open_them(missing)) from None
    return (
        f"Перевод по приказу «{' '.join(args.order.split())}»: переведены "
        f"{done.promoted + done.conditional}, "
        f"из них условно {done.conditional}; оставлены на повторное обучение {done.repeated}; "
        f"окончили обучение {done.graduated}."
    )


def _open_them(missing: MissingClasses) -> str:
    """The refusal, and the commands that open the classes it needs."""
    lines = [missing.message, "Откройте недостающие классы и повторите эту же команду:"]
    lines += [f"  journal year --year {m.year_name} add-class {m.title}" for m in missing.missing]
    return "\n".join(lines)


async def _add_class(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    parsed = parse_class(args.class_title)
    if parsed is None:
        raise BadArgument(f"Не понимаю класс «{args.class_title}»: напишите, например, 5Б.")
    year = await _year(ctx, school, args.year, closed=False)
    added = await add_class(ctx, await administrator(ctx, school), year.id, *parsed)
    load = (
        f"нагрузка {added.title} {added.load_from} перенесена для правки (строк {added.loads})"
        if added.load_from
        else "нагрузки пока нет (journal import load)"
    )
    return (
        f"Открыт класс {added.title} в {added.year}: {load}; классного руководителя и расписания "
        f"пока нет (journal roster class-teacher {added.title} …, journal import timetable). "
        "Теперь можно переводить учеников."
    )


async def _archive(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    year = await _year(ctx, school, args.year, closed=True)
    pupil = await _pupil_of_year(ctx, year, args.name)
    found = await year_archive(ctx, await administrator(ctx, school), pupil.id, year.id)
    lines = [f"{found.pupil} · {found.year} · {found.class_title}"]
    if found.outcome:
        lines.append(f"Итог года: {found.outcome}")
    for subject in found.subjects:
        marks = ", ".join(f"{period}: {value}" for period, value in subject.finals)
        lines.append(f"  {subject.subject} — {marks}")
    if not found.subjects:
        lines.append("  Итоговых отметок нет.")
    if found.debts:
        lines.append("Академическая задолженность: " + ", ".join(found.debts))
    return "\n".join(lines)
