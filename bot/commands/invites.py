"""`journal invites`: print invite codes for a class (as its teacher) or for the staff."""

import argparse
import asyncio
import csv
import re
import sys
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from db.engine import make_engine, make_session_factory
from db.enums import InviteRole, StaffRole
from db.models import InviteCode, Person, School, SchoolClass, SchoolYear, StaffPosition
from services.context import Ctx, Journal
from services.errors import JournalError, NotFound
from services.invites.codes import normalize_code
from services.invites.redeeming import UNKNOWN_CODE, IssuedInvite, issue_invites, revoke_invite
from services.people.actor import load_actor
from texts.formatting import MONTHS_GENITIVE

ROLE_NAMES = {
    InviteRole.PUPIL: "ученик",
    InviteRole.GUARDIAN: "родитель",
    InviteRole.STAFF: "сотрудник",
}
CSV_HEADER = (
    "person_id",
    "full_name",
    "role",
    "position",
    "class",
    "children",
    "code",
    "expires_at",
)
_CLASS_TITLE = re.compile(r"^\s*(\d{1,2})\s*-?\s*([^\W\d_]{1,4})\s*$")
# Class letters are Cyrillic; a title typed on a Latin layout ("5a") still finds the class.
_LATIN_LETTERS = str.maketrans("ABEKMHOPCTX", "АВЕКМНОРСТХ")


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "invites",
        help="выдать коды приглашения классу или сотрудникам",
        description=(
            "Выдаёт одноразовые коды, по которым человек привязывает к себе чат с ботом. "
            "Для класса: ученикам и родителям от имени классного руководителя. "
            "Для сотрудников: от имени администратора журнала. Новая выдача отменяет "
            "прежние неиспользованные коды, которые тот же человек выдал тем же людям; "
            "коды от других (например, от классного руководителя второго ребёнка) "
            "продолжают действовать. --revoke отменяет один код от имени того, кто его выдал."
        ),
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--class", dest="class_title", metavar="КЛАСС", help="класс, например 5А")
    who.add_argument("--staff", action="store_true", help="коды для сотрудников школы")
    who.add_argument("--revoke", metavar="КОД", help="отменить выданный, ещё не использованный код")
    parser.add_argument("--school", type=int, metavar="ID", help="id школы, если их несколько")
    parser.add_argument("--days", type=int, default=30, help="срок действия кодов, дней (30)")
    parser.add_argument("--csv", action="store_true", help="CSV для программ вместо таблицы")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.revoke:
        return run_revoke(args)
    try:
        timezone, issued = asyncio.run(_issue(Settings().database_url, args))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"Нет доступа к базе данных (выполнен ли journal migrate?): {exc}", file=sys.stderr)
        return 1
    if args.csv:
        write_csv(issued, timezone, sys.stdout)
    else:
        print_table(issued, timezone, "сотрудники" if args.staff else args.class_title)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    try:
        holder = asyncio.run(_revoke(Settings().database_url, args.revoke))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"Нет доступа к базе данных (выполнен ли journal migrate?): {exc}", file=sys.stderr)
        return 1
    print(f"Код {args.revoke} ({holder}) отменён: по нему больше не подключиться.")
    return 0


async def _revoke(url: str, code: str) -> str:
    engine = make_engine(url)
    try:
        return await Journal(make_session_factory(engine)).run(revoke_as_issuer, code)
    finally:
        await engine.dispose()


async def revoke_as_issuer(ctx: Ctx, code: str) -> str:
    """The console acts for whoever issued the code: only the issuer may revoke it."""
    canonical = normalize_code(code)
    issuer = (
        None
        if canonical is None
        else await ctx.session.scalar(
            select(InviteCode.issued_by).where(InviteCode.code == canonical)
        )
    )
    if issuer is None:
        raise NotFound(UNKNOWN_CODE)
    return await revoke_invite(ctx, await load_actor(ctx, issuer), code)


async def _issue(url: str, args: argparse.Namespace) -> tuple[ZoneInfo, list[IssuedInvite]]:
    engine = make_engine(url)
    try:
        journal = Journal(make_session_factory(engine))
        return await journal.run(issue_as_responsible, args)
    finally:
        await engine.dispose()


async def issue_as_responsible(
    ctx: Ctx, args: argparse.Namespace
) -> tuple[ZoneInfo, list[IssuedInvite]]:
    school = await _school(ctx, args.school)
    if args.staff:
        admin_id = await ctx.session.scalar(
            select(Person.id)
            .join(StaffPosition, StaffPosition.person_id == Person.id)
            .where(
                Person.school_id == school.id,
                Person.is_active.is_(True),
                StaffPosition.role == StaffRole.ADMIN,
            )
            .order_by(Person.id)
        )
        if admin_id is None:
            raise NotFound("В школе нет администратора журнала: коды сотрудникам выдаёт он.")
        actor = await load_actor(ctx, admin_id)
        issued = await issue_invites(ctx, actor, staff=True, ttl_days=args.days)
    else:
        school_class = await _class(ctx, school, args.class_title)
        if school_class.class_teacher_id is None:
            raise NotFound(f"У класса {school_class.title} не назначен классный руководитель.")
        actor = await load_actor(ctx, school_class.class_teacher_id)
        issued = await issue_invites(ctx, actor, class_id=school_class.id, ttl_days=args.days)
    return ZoneInfo(school.timezone), issued


async def _school(ctx: Ctx, school_id: int | None) -> School:
    if school_id is not None:
        school = await ctx.session.get(School, school_id)
        if school is None:
            raise NotFound(f"Школы с id {school_id} нет в базе.")
        return school
    schools = list((await ctx.session.scalars(select(School).order_by(School.id))).all())
    if not schools:
        raise NotFound("В базе нет ни одной школы.")
    if len(schools) > 1:
        listed = "; ".join(f"{s.id} — {s.short_name}" for s in schools)
        raise NotFound(f"В базе несколько школ, укажите --school: {listed}.")
    return schools[0]


async def _class(ctx: Ctx, school: School, title: str) -> SchoolClass:
    match = _CLASS_TITLE.match(title)
    if match is None:
        raise NotFound(f"Не понимаю класс «{title}»: напишите, например, 5А.")
    grade, letter = int(match[1]), match[2].upper().translate(_LATIN_LETTERS)
    school_class = await ctx.session.scalar(
        select(SchoolClass)
        .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
        .where(
            SchoolClass.school_id == school.id,
            SchoolClass.grade == grade,
            SchoolClass.letter == letter,
            SchoolYear.is_closed.is_(False),
        )
        .order_by(SchoolYear.starts_on.desc())
    )
    if school_class is None:
        raise NotFound(f"Класса {grade}{letter} нет в школе «{school.short_name}».")
    return school_class


def valid_until(moment: datetime, timezone: ZoneInfo) -> str:
    day = moment.astimezone(timezone).date()
    return f"до {day.day} {MONTHS_GENITIVE[day.month - 1]}"


def write_csv(issued: list[IssuedInvite], timezone: ZoneInfo, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for i in issued:
        writer.writerow(
            (
                i.person_id,
                i.full_name,
                i.role.value,
                i.position,
                i.class_title,
                "; ".join(i.children),
                i.code,
                i.expires_at.astimezone(timezone).isoformat(),
            )
        )


def print_table(issued: list[IssuedInvite], timezone: ZoneInfo, what: str) -> None:
    table = Table(title=f"Коды приглашения: {what}")
    staff = any(i.role is InviteRole.STAFF for i in issued)
    family = ("ФИО", "Роль", "Класс", "Дети")
    for header in ("ФИО", "Должность", "Классный руководитель") if staff else family:
        table.add_column(header)
    table.add_column("Код", no_wrap=True, style="bold")
    table.add_column("Действует", no_wrap=True)
    for i in issued:
        who = (
            (i.full_name, i.position, i.class_title)
            if staff
            else (i.full_name, ROLE_NAMES[i.role], i.class_title, ", ".join(i.children))
        )
        table.add_row(*who, i.code, valid_until(i.expires_at, timezone))
    console = Console()
    console.print(table)
    console.print(
        "Каждый код действует один раз. Прежние неиспользованные коды, выданные этим людям "
        "от того же имени, отменены; коды от других действуют."
    )
