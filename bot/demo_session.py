"""The demo's session in the terminal: the person to play, their chat linked by an invite code
issued the way the school does it, and the conversation (what `journal demo` runs)."""

import argparse
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select

from bot.commands.demo import DEMO_GRADE, PERSONAS
from bot.demo_notices import DemoNotices, add_listeners
from bot.invite_issuing import issue_as_responsible
from bot.terminal_chat import TERMINAL_ACCOUNT, Shelf, terminal_chat
from db.engine import make_engine, make_session_factory
from db.enums import Platform, StaffRole
from db.models import (
    Enrollment,
    GuardianLink,
    InviteAttempt,
    Lesson,
    Person,
    School,
    SchoolClass,
    StaffPosition,
    TeachingAssignment,
)
from handlers.core.conversation import Conversation
from handlers.core.throttling import Throttle
from services.chat.accounts import actor_for_chat, give_consent, select_pupil
from services.chat.bot_links import BotLinks
from services.context import Clock, Ctx, Journal, system_clock
from services.errors import JournalError, NotFound
from services.invites.redeeming import InviteRefused, redeem_invite
from services.lessons.teacher_day import current_lesson
from services.people.actor import Actor, load_actor
from services.people.family import my_pupils
from services.scoped_queries import AnySelect

UNTHROTTLED = 1_000_000
DAY_OFF = (
    "Сегодня в демо-школе уроков нет. Чтобы увидеть уроки, перекличку и уведомления, "
    "запустите демо на учебный день: journal demo --at '{day} 10:30'."
)
TEACHING = ("teacher", "class_teacher")
CANDIDATES = 20  # teachers tried for one in a lesson at the demo's moment
NO_LESSONS = (
    "В демо-базе нет уроков на {day}: она построена для другого дня. Выберите другое --at "
    "или удалите файл демо-базы: journal demo с тем же --at построит её заново на этот день."
)


class DemoClock:
    """The demo's time: from the moment asked for (--at), running on as the real one does."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._began = time.monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)


async def school_moment(ctx: Ctx, at: datetime) -> datetime:
    """--at read on the clock of the demo school (its first school's time zone), as UTC."""
    return at.replace(tzinfo=ZoneInfo(await _zone(ctx))).astimezone(UTC)


async def last_school_day(ctx: Ctx) -> date | None:
    """None when the demo school has lessons today; else the latest day before it that has."""
    today = ctx.now.astimezone(ZoneInfo(await _zone(ctx))).date()
    if await lessons_on(ctx, today):
        return None
    return await ctx.session.scalar(select(func.max(Lesson.date)).where(Lesson.date < today))


async def lessons_on(ctx: Ctx, day: date) -> int:
    return int(await ctx.session.scalar(select(func.count()).where(Lesson.date == day)) or 0)


async def chat(
    url: str,
    who: str,
    lines: TextIO | None,
    out: TextIO,
    links: BotLinks | None = None,
    *,
    at: datetime | None = None,
    files: Path | None = None,
) -> None:
    """The demo: the person found, their own terminal chat linked, the families their work
    reaches listening; replies printed, files saved to `files`, notifications shown."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    notices: DemoNotices | None = None
    try:
        clock: Clock = system_clock
        preface = []
        if at is not None:
            start = await Journal(factory).run(school_moment, at)
            clock = DemoClock(start)
            preface.append(f"Время демо: {at:%d.%m.%Y %H:%M} (по часам школы).")
            if not await Journal(factory).run(lessons_on, at.date()):
                preface.append(NO_LESSONS.format(day=f"{at:%d.%m.%Y}"))
        elif (school_day := await Journal(factory).run(last_school_day)) is not None:
            preface.append(DAY_OFF.format(day=f"{school_day:%Y-%m-%d}"))
        journal = Journal(factory, clock)
        person_id = await journal.run(find_person, who)
        account = f"{TERMINAL_ACCOUNT}-{person_id}"  # a lockout of one person is theirs alone
        actor = await link_terminal(journal, person_id, account)
        await journal.run(add_listeners, actor)
        notices = DemoNotices(factory, clock, actor.name)
        shelf = Shelf(files) if files is not None else None
        if shelf is not None:
            preface.append(f"Файлы, которые пришлёт бот, сохраняются в {shelf.folder.resolve()}.")
        # A script types faster than a person: the demo never holds it back.
        conversation = Conversation(journal, throttle=Throttle(burst=UNTHROTTLED), links=links)
        await terminal_chat(
            conversation,
            actor,
            lines,
            out,
            account=account,
            shelf=shelf,
            notices=notices,
            preface="\n".join(preface),
        )
    finally:
        if notices is not None:
            await notices.close()
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
    if who in ("deputy", "director", "admin", "medic"):
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
    found = [int(i) for i in (await ctx.session.scalars(query)).all()]
    if not found:
        raise NotFound(f"В базе нет никого с ролью {who}.")
    if who.strip().lower() in TEACHING:
        return await _busiest(ctx, list(dict.fromkeys(found)))
    return found[0]


async def _busiest(ctx: Ctx, teachers: list[int]) -> int:
    """A teacher in the middle of a lesson at the demo's moment, so that "Сейчас урок" has one
    to show; else the one with the most lessons that day (the first when nobody teaches)."""
    day = ctx.now.astimezone(ZoneInfo(await _zone(ctx))).date()
    rows = await ctx.session.execute(
        select(Lesson.teacher_id, func.count())
        .where(Lesson.date == day, Lesson.teacher_id.in_(teachers))
        .group_by(Lesson.teacher_id)
    )
    counts = {int(teacher): int(n) for teacher, n in rows.all()}
    ranked = sorted(teachers, key=lambda t: (-counts.get(t, 0), teachers.index(t)))
    now = ctx.now.astimezone(ZoneInfo(await _zone(ctx))).time()
    for teacher in ranked[:CANDIDATES]:
        if not counts.get(teacher):
            break
        lesson = await current_lesson(ctx, await load_actor(ctx, teacher))
        if lesson is not None and lesson.starts_at is not None and lesson.starts_at <= now:
            return teacher
    return ranked[0]


async def _zone(ctx: Ctx) -> str:
    zone = await ctx.session.scalar(select(School.timezone).order_by(School.id).limit(1))
    return zone or "Europe/Moscow"


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


async def forgive_wrong_codes(ctx: Ctx, account: str) -> None:
    """Whoever sits at the demo may have mistyped codes last time: the demo starts afresh."""
    await ctx.session.execute(
        delete(InviteAttempt).where(
            InviteAttempt.platform == Platform.TERMINAL, InviteAttempt.external_id == account
        )
    )


async def link_terminal(journal: Journal, person_id: int, account: str = TERMINAL_ACCOUNT) -> Actor:
    """The terminal's chat account, linked to the person by a code and consented (whoever sits
    at the keyboard is trying the demo); left as it is if it is that person's already."""
    current = await journal.run(actor_for_chat, Platform.TERMINAL, account)
    if current is None or current.person_id != person_id:
        await journal.run(forgive_wrong_codes, account)
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
