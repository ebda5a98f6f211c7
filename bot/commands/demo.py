"""`journal demo`: talk to the bot in the terminal as any person of the demo school."""

import argparse
import asyncio
import sys
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.commands.invites import issue_as_responsible
from bot.commands.seed import holds_a_school, seed_with_progress
from bot.links import configured_links
from bot.settings import Settings
from bot.terminal_chat import TERMINAL_ACCOUNT, terminal_chat
from db.engine import make_engine, make_session_factory
from db.enums import Platform, StaffRole
from db.migrate import upgrade_to_head
from db.models import (
    Enrollment,
    GuardianLink,
    Person,
    SchoolClass,
    StaffPosition,
    TeachingAssignment,
)
from handlers.core.conversation import Conversation
from services.chat.accounts import actor_for_chat, give_consent, select_pupil
from services.chat.bot_links import BotLinks
from services.context import Ctx, Journal
from services.errors import JournalError, NotFound
from services.invites.redeeming import InviteRefused, redeem_invite
from services.people.actor import Actor, load_actor
from services.people.family import my_pupils
from services.scoped_queries import AnySelect

DEMO_PUPILS = 600
DEMO_SEED = 2026
DEMO_GRADE = 5  # a class with marks, homework and schedule changes to look at
PERSONAS = ("guardian", "pupil", "teacher", "class_teacher", "deputy", "director")


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "demo",
        help="поговорить с ботом в терминале от имени человека из демо-школы",
        description=(
            "Если база пуста, создаёт демо-школу (как journal seed). Затем привязывает чат "
            "терминала к выбранному человеку по коду приглашения и ведёт тот же разговор, "
            "что бот в Telegram и VK: пишите текст или номер кнопки. Читает строки со "
            "стандартного ввода, так что им можно управлять из скрипта: "
            "printf 'Оценки\\n1\\n' | journal demo"
        ),
    )
    parser.add_argument(
        "--as",
        dest="who",
        default="guardian",
        metavar="РОЛЬ|ID",
        help=f"кем войти: {', '.join(PERSONAS)} или id человека (guardian: родитель двоих детей)",
    )
    parser.add_argument(
        "--database-url", metavar="URL", help="база данных (по умолчанию DATABASE_URL)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    url = args.database_url or settings.database_url
    try:
        upgrade_to_head(url)
        if not asyncio.run(holds_a_school(url)):
            asyncio.run(seed_with_progress(url, DEMO_PUPILS, DEMO_SEED))
        asyncio.run(chat(url, args.who, sys.stdin, sys.stdout, configured_links(settings)))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"Нет доступа к базе данных: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nДо свидания!")
    return 0


async def chat(
    url: str, who: str, lines: TextIO | None, out: TextIO, links: BotLinks | None = None
) -> None:
    engine = make_engine(url)
    try:
        journal = Journal(make_session_factory(engine))
        person_id = await journal.run(find_person, who)
        actor = await link_terminal(journal, person_id)
        await terminal_chat(Conversation(journal, links=links), actor, lines, out)
    finally:
        await engine.dispose()


def _persona_query(who: str) -> AnySelect | None:
    active = Person.is_active.is_(True)
    by_class = (SchoolClass.grade != DEMO_GRADE, SchoolClass.grade, SchoolClass.letter)
    if who == "guardian":
        # Two children, both old enough for marks: the choice of child and a full journal.
        return (
            select(GuardianLink.guardian_id)
            .join(Person, Person.id == GuardianLink.guardian_id)
            .join(Enrollment, Enrollment.pupil_id == GuardianLink.pupil_id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(active, Enrollment.is_active.is_(True))
            .group_by(GuardianLink.guardian_id)
            .order_by(func.count() != 2, func.min(SchoolClass.grade) < 2, GuardianLink.guardian_id)
        )
    if who == "pupil":
        return (
            select(Enrollment.pupil_id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .join(Person, Person.id == Enrollment.pupil_id)
            .where(Enrollment.is_active.is_(True), active)
            .order_by(*by_class, Person.last_name, Person.id)
        )
    if who == "class_teacher":
        return (
            select(SchoolClass.class_teacher_id)
            .where(SchoolClass.class_teacher_id.is_not(None))
            .order_by(*by_class)
        )
    if who == "teacher":
        leads = select(SchoolClass.class_teacher_id).where(
            SchoolClass.class_teacher_id.is_not(None)
        )
        return (
            select(TeachingAssignment.teacher_id)
            .where(TeachingAssignment.teacher_id.not_in(leads))
            .order_by(TeachingAssignment.teacher_id)
        )
    if who in ("deputy", "director"):
        return (
            select(StaffPosition.person_id)
            .where(StaffPosition.role == StaffRole(who))
            .order_by(StaffPosition.person_id)
        )
    return None


async def find_person(ctx: Ctx, who: str) -> int:
    if who.strip().isdecimal():
        person = await ctx.session.get(Person, int(who))
        if person is None:
            raise NotFound(f"Человека с id {who} нет в базе.")
        return person.id
    query = _persona_query(who.strip().lower())
    if query is None:
        raise NotFound(f"Не знаю, кто такой «{who}»: {', '.join(PERSONAS)} или id человека.")
    person_id = await ctx.session.scalar(query.limit(1))
    if person_id is None:
        raise NotFound(f"В базе нет никого с ролью {who}.")
    return int(person_id)


async def _issue_code(ctx: Ctx, person_id: int) -> str:
    """An invite code issued the way the school does it: by the class teacher of the pupil's
    (or the first child's) class, or by the administrator for staff."""
    person = await load_actor(ctx, person_id)
    pupils = await my_pupils(ctx, person)
    if pupils:
        school_class = await ctx.session.get(SchoolClass, pupils[0].class_id)
        assert school_class is not None
        who = argparse.Namespace(staff=False, class_title=school_class.title)
    elif person.is_staff:
        who = argparse.Namespace(staff=True, class_title=None)
    else:
        raise NotFound(f"{person.name}: ни ученик, ни родитель, ни сотрудник — код выдать некому.")
    request = argparse.Namespace(school=person.school_id, days=1, **vars(who))
    _, issued = await issue_as_responsible(ctx, request)
    return next(i.code for i in issued if i.person_id == person_id)


async def link_terminal(journal: Journal, person_id: int, account: str = TERMINAL_ACCOUNT) -> Actor:
    """The terminal's chat account, linked to the person by a code and consented (whoever sits
    at the keyboard is trying the demo); left as it is if it is that person's already."""
    current = await journal.run(actor_for_chat, Platform.TERMINAL, account)
    if current is None or current.person_id != person_id:
        code = await journal.run(_issue_code, person_id)
        linked = await journal.run(redeem_invite, Platform.TERMINAL, account, code)
        if isinstance(linked, InviteRefused):
            raise JournalError(linked.message)
    await journal.run(give_consent, Platform.TERMINAL, account)
    actor = await journal.run(load_actor, person_id)
    pupils = await journal.run(my_pupils, actor)
    if len(pupils) > 1:
        # Answers at once for the first child; "Выбрать ребёнка" switches.
        await journal.run(select_pupil, actor, Platform.TERMINAL, account, pupils[0].id)
    return actor
