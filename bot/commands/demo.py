"""`journal demo`: a demo school to try the bots with, and invite codes to get in.

Temporary: the terminal chat will replace this once it lands.
"""

import argparse
import asyncio
import sys
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from bot.commands.invites import print_table
from bot.commands.seed import holds_a_school, print_summary, seed_with_progress
from bot.settings import Settings
from db.demo.describe import describe_schools
from db.demo.summary import SchoolSummary
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade_to_head
from services.actor import load_actor
from services.context import Journal
from services.errors import JournalError
from services.invites import IssuedInvite, issue_invites

DEMO_PUPILS = 600
DEMO_SEED = 2026
DEMO_GRADE = 5  # the class whose tomorrow has schedule changes


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "demo",
        help="демо-школа и коды приглашения, чтобы попробовать ботов",
        description=(
            "Если в базе нет школы, создаёт демо-школу (как journal seed), затем показывает "
            "её классы и выдаёт коды приглашения ученикам и родителям одного 5-го класса "
            "и сотрудникам школы."
        ),
    )
    parser.add_argument(
        "--database-url", metavar="URL", help="база данных (по умолчанию DATABASE_URL)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = args.database_url or Settings().database_url
    try:
        upgrade_to_head(url)
        if not asyncio.run(holds_a_school(url)):
            asyncio.run(seed_with_progress(url, DEMO_PUPILS, DEMO_SEED))
        school, class_title, pupils, staff = asyncio.run(_invite(url))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"Нет доступа к базе данных: {exc}", file=sys.stderr)
        return 1
    print_summary([school], None)
    zone = ZoneInfo(school.timezone)
    print_table(pupils, zone, f"{class_title}, ученики и родители")
    print_table(staff, zone, "сотрудники")
    Console().print(
        "Отправьте код боту (Telegram или VK), чтобы войти под этим человеком. "
        "Повторный запуск journal demo выдаёт новые коды взамен прежних."
    )
    return 0


async def _invite(url: str) -> tuple[SchoolSummary, str, list[IssuedInvite], list[IssuedInvite]]:
    engine = make_engine(url)
    try:
        factory = make_session_factory(engine)
        async with factory() as session:
            school = (await describe_schools(session))[0]
        chosen = next(
            (c for c in school.classes if c.grade == DEMO_GRADE and c.class_teacher_id),
            next(c for c in school.classes if c.class_teacher_id),
        )
        journal = Journal(factory)
        teacher = await journal.run(load_actor, chosen.class_teacher_id or 0)
        pupils = await journal.run(issue_invites, teacher, class_id=chosen.id)
        admin = await journal.run(load_actor, school.admin_id)
        staff = await journal.run(issue_invites, admin, staff=True)
        return school, chosen.title, pupils, staff
    finally:
        await engine.dispose()
