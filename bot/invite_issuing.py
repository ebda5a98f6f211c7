"""Invite codes from the command line: issued as the class teacher of a class, or as the
administrator for the staff, shown as a table for people or as CSV for programs; one code
revoked in the name of whoever issued it."""

import argparse
import csv
import re
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from bot.commands.roster_lookup import school_of
from db.engine import make_engine, make_session_factory
from db.enums import InviteRole
from db.models import InviteCode, School, SchoolClass, SchoolYear
from services.context import Ctx, Journal
from services.errors import NotFound
from services.invites.codes import normalize_code
from services.invites.redeeming import UNKNOWN_CODE, IssuedInvite, issue_invites, revoke_invite
from services.people.actor import load_actor
from services.people.staff_directory import school_administrator
from texts.formatting import MONTHS_GENITIVE
from texts.phrases import role_name

BOM = "\ufeff"
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


async def revoke(url: str, code: str) -> str:
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


async def issue(url: str, args: argparse.Namespace) -> tuple[ZoneInfo, list[IssuedInvite]]:
    engine = make_engine(url)
    try:
        journal = Journal(make_session_factory(engine))
        return await journal.run(issue_as_responsible, args)
    finally:
        await engine.dispose()


async def issue_as_responsible(
    ctx: Ctx, args: argparse.Namespace
) -> tuple[ZoneInfo, list[IssuedInvite]]:
    school = await school_of(ctx, args.school)
    if args.staff:
        admin_id = await school_administrator(ctx, school.id)
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
    # The byte order mark tells Excel the file is UTF-8: without it Cyrillic comes out garbled.
    out.write(BOM)
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
                i.expires_at.astimezone(timezone).replace(microsecond=0).isoformat(),
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
            else (
                i.full_name,
                role_name(i.role, i.gender, i.full_name),
                i.class_title,
                ", ".join(i.children),
            )
        )
        table.add_row(*who, i.code, valid_until(i.expires_at, timezone))
    console = Console()
    console.print(table)
    console.print(
        "Каждый код действует один раз. Прежние неиспользованные коды, выданные этим людям "
        "от того же имени, отменены; коды от других действуют."
    )
