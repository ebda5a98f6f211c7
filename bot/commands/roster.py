"""`journal roster ...`: changes of pupils and staff through the year, made as the school's
administrator of the journal (the substitution as well, which the deputy may also make in the
chat). Each change goes through the same service as in the chat, with its checks and audit."""

import argparse
from typing import Any

from bot.commands.journal_step import run_step
from bot.commands.roster_lookup import (
    BadArgument,
    administrator,
    class_named,
    day_of,
    group_named,
    guardian_named,
    pupil_named,
    school_of,
    staff_named,
)
from services.context import Ctx
from services.roster.common import current_place
from services.roster.guardians import add_guardian, correct_guardian
from services.roster.moves import move_plan, move_pupil
from services.roster.pupils import admission_plan, admit_pupil, pupil_leaves
from services.roster.staff import (
    add_staff,
    positions_of,
    set_class_teacher,
    substitute_for_days,
)
from services.roster.subgroups import move_to_subgroup
from services.school_import.normalize import split_full_name
from texts import roster_phrases

CHECK_HELP = "только сказать, что будет сделано, ничего не меняя"


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "roster",
        help="изменения состава в течение года: принять, перевести, отчислить, родители…",
        description=(
            "Изменения учеников и сотрудников в течение учебного года, от имени администратора "
            "журнала. Каждое изменение проверяется, записывается в журнал аудита и сразу "
            "меняет доступ (родитель выбывшего ученика теряет доступ немедленно). Людей "
            "называйте как в журнале: «Иванов Иван» или полностью; даты — 03.02.2015."
        ),
    )
    parser.add_argument("--school", type=int, metavar="ID", help="id школы, если их несколько")
    parser.add_argument("--database-url", metavar="URL", help="база (по умолчанию DATABASE_URL)")
    steps = parser.add_subparsers(title="действия", metavar="ДЕЙСТВИЕ", required=True)

    admit = steps.add_parser("admit", help="принять ученика в класс")
    admit.add_argument("name", help="ФИО ученика")
    admit.add_argument("--class", dest="class_title", required=True, metavar="КЛАСС")
    admit.add_argument("--born", metavar="ДАТА", help="дата рождения")
    admit.add_argument("--on", metavar="ДАТА", help="с какого дня (сегодня)")
    admit.add_argument("--check", action="store_true", help=CHECK_HELP)
    admit.set_defaults(step=_admit)

    move = steps.add_parser("move", help="перевести ученика в другой класс того же года")
    move.add_argument("name", help="ФИО ученика")
    move.add_argument("--to", required=True, metavar="КЛАСС")
    move.add_argument("--born", metavar="ДАТА", help="дата рождения, если есть тёзки")
    move.add_argument("--on", metavar="ДАТА", help="с какого дня (сегодня)")
    move.add_argument("--check", action="store_true", help=CHECK_HELP)
    move.set_defaults(step=_move)

    leave = steps.add_parser("leave", help="ученик выбыл из школы (записи сохраняются)")
    leave.add_argument("name", help="ФИО ученика")
    leave.add_argument("--born", metavar="ДАТА", help="дата рождения, если есть тёзки")
    leave.add_argument("--on", metavar="ДАТА", help="последний день (сегодня)")
    leave.add_argument("--reason", default="", help="причина (для аудита)")
    leave.set_defaults(step=_leave)

    guardian = steps.add_parser("guardian", help="добавить родителя ученику или исправить")
    guardian.add_argument("pupil", help="ФИО ученика")
    guardian.add_argument("name", help="ФИО родителя")
    guardian.add_argument("--relation", help="кем приходится: мама, папа, бабушка…")
    guardian.add_argument("--phone")
    guardian.add_argument("--email")
    guardian.add_argument("--fix", action="store_true", help="исправить записанного родителя")
    guardian.add_argument("--new-name", metavar="ФИО", help="с --fix: верное ФИО")
    guardian.set_defaults(step=_guardian)

    staff = steps.add_parser("staff", help="добавить сотрудника")
    staff.add_argument("name", help="ФИО")
    staff.add_argument(
        "--position",
        required=True,
        help="должности через запятую: учитель, завуч, директор, администратор, медик",
    )
    staff.add_argument("--phone", default="")
    staff.add_argument("--email", default="")
    staff.set_defaults(step=_staff)

    leader = steps.add_parser("class-teacher", help="сменить классного руководителя")
    leader.add_argument("class_title", metavar="КЛАСС")
    leader.add_argument("teacher", help="ФИО нового классного руководителя")
    leader.set_defaults(step=_class_teacher)

    sub = steps.add_parser("substitute", help="замена учителя на несколько дней")
    sub.add_argument("teacher", help="кого заменяют")
    sub.add_argument("--by", required=True, metavar="ФИО", help="кто заменяет")
    sub.add_argument("--from", dest="starts", required=True, metavar="ДАТА")
    sub.add_argument("--to", dest="ends", required=True, metavar="ДАТА")
    sub.add_argument("--note", default="", help="пояснение для родителей и учеников")
    sub.set_defaults(step=_substitute)

    group = steps.add_parser("subgroup", help="перевести ученика в другую группу (в конце периода)")
    group.add_argument("name", help="ФИО ученика")
    group.add_argument("--subject", required=True)
    group.add_argument("--group", required=True, help="название группы, например «1 группа»")
    group.set_defaults(step=_subgroup)
    parser.set_defaults(func=run_step)


def _name(text: str) -> tuple[str, str, str]:
    parts = split_full_name(text)
    if parts is None:
        raise BadArgument(f"«{text}»: нужны хотя бы фамилия и имя.")
    return parts


async def _admit(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    admin = await administrator(ctx, school)
    cls = await class_named(ctx, school, args.class_title)
    last, first, middle = _name(args.name)
    born, on = day_of(args.born), day_of(args.on)
    if args.check:
        plan = await admission_plan(ctx, admin, cls.id, last, first, middle, born, on)
        return f"{roster_phrases.admission(plan)}\n{roster_phrases.CHECK_ONLY}"
    back = (await admission_plan(ctx, admin, cls.id, last, first, middle, born, on)).returning
    await admit_pupil(ctx, admin, cls.id, last, first, middle, born, on)
    if back is not None:
        return roster_phrases.returned(back, cls.title)
    return f"{last} {first} {middle}".strip() + f" принят(а) в {cls.title}."


async def _move(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    admin = await administrator(ctx, school)
    pupil = await pupil_named(ctx, school, args.name, day_of(args.born))
    cls = await class_named(ctx, school, args.to)
    if args.check:
        plan = await move_plan(ctx, admin, pupil.id, cls.id, day_of(args.on))
        return f"{roster_phrases.move_plan(plan)}\n{roster_phrases.CHECK_ONLY}"
    plan = await move_pupil(ctx, admin, pupil.id, cls.id, day_of(args.on))
    if plan.back:
        return roster_phrases.moved_back(plan)
    return f"{pupil.full_name} переведён(а) в {cls.title}; отметки и пропуски остались при нём."


async def _leave(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    admin = await administrator(ctx, school)
    pupil = await pupil_named(ctx, school, args.name, day_of(args.born))
    await pupil_leaves(ctx, admin, pupil.id, day_of(args.on), args.reason)
    return (
        f"{pupil.full_name} выбыл(а). Доступ ученика и родителей, у которых нет других детей "
        "в школе, закрыт; записи журнала сохранены."
    )


async def _guardian(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    admin = await administrator(ctx, school)
    pupil = await pupil_named(ctx, school, args.pupil)
    if args.fix:
        guardian = await guardian_named(ctx, pupil, args.name)
        last, first, middle = _name(args.new_name) if args.new_name else (None, None, None)
        await correct_guardian(
            ctx,
            admin,
            pupil.id,
            guardian.id,
            last_name=last,
            first_name=first,
            middle_name=middle,
            relation=args.relation,
            phone=args.phone,
            email=args.email,
        )
        return f"Данные родителя {guardian.full_name} исправлены."
    last, first, middle = _name(args.name)
    added = await add_guardian(
        ctx,
        admin,
        pupil.id,
        last,
        first,
        middle,
        args.relation or "",
        args.phone or "",
        args.email or "",
    )
    known = "" if added.is_new else " (уже был в журнале как родитель другого ученика)"
    return f"{last} {first} записан(а) родителем {pupil.full_name}{known}."


async def _staff(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    admin = await administrator(ctx, school)
    roles = positions_of(args.position.split(","))
    last, first, middle = _name(args.name)
    await add_staff(ctx, admin, last, first, middle, roles, args.phone, args.email)
    return (
        f"{last} {first} {middle}".strip() + " добавлен(а). Код для входа: journal invites --staff."
    )


async def _class_teacher(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    admin = await administrator(ctx, school)
    cls = await class_named(ctx, school, args.class_title)
    teacher = await staff_named(ctx, school, args.teacher)
    await set_class_teacher(ctx, admin, cls.id, teacher.id)
    return f"Классный руководитель {cls.title}: {teacher.full_name}."


async def _substitute(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    admin = await administrator(ctx, school)
    teacher = await staff_named(ctx, school, args.teacher)
    by = await staff_named(ctx, school, args.by)
    starts, ends = day_of(args.starts), day_of(args.ends)
    assert starts is not None and ends is not None  # required options
    done = await substitute_for_days(ctx, admin, teacher.id, by.id, starts, ends, args.note)
    lines = [f"{by.short_name} заменяет {teacher.short_name}: уроков {done.substituted}."]
    if done.busy:
        lines.append("Не переданы (заменяющий в это время занят), назначьте другого учителя:")
        lines += [f"  {day:%d.%m.%Y}, {number}-й урок, {cls}" for day, number, cls in done.busy]
    return "\n".join(lines)


async def _subgroup(ctx: Ctx, args: argparse.Namespace) -> str:
    school = await school_of(ctx, args.school)
    admin = await administrator(ctx, school)
    pupil = await pupil_named(ctx, school, args.name)
    place = await current_place(ctx, pupil.id)
    if place is None:
        raise BadArgument(f"{pupil.full_name} сейчас не учится ни в одном классе.")
    group = await group_named(ctx, place[1], args.subject, args.group)
    await move_to_subgroup(ctx, admin, pupil.id, group.id)
    return f"{pupil.full_name} теперь в группе «{group.name}» ({args.subject})."
