"""Final marks at risk: a forecast below 3, or too few marks to certify with at most two weeks
of the period left. Checked once a day in the school's afternoon.

Guardians get one message per child with the subjects newly at risk (per child preference
`final_risk`); the class teacher one per class with the pupils and subjects newly at risk. Nobody
hears of the same pupil × subject twice in a period, even if the risk goes away and comes back a
week later: the first alert is the warning, the journal shows the rest, a new period starts
afresh. Someone whose preference is off, or who has no chat yet, is told nothing and so hears of
every current risk once they turn it on or link a chat.
"""

import asyncio
import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import Platform
from db.models import Enrollment, OutboxEvent, Person, School, SchoolClass
from notifications.delivery.enqueue import enqueue
from notifications.jobs.school_jobs import for_each_school
from notifications.rules.audience import DELIVERABLE, Recipient, accounts_of, family_recipients
from notifications.rules.notice import Notice
from notifications.rules.prefs import load_prefs
from services.context import Clock, Ctx, system_clock
from services.errors import JournalError
from services.marks.reading import period_marks
from services.people.actor import Actor, load_actor
from services.schedule.periods import school_calendar
from services.views import PeriodBrief, PeriodMarks
from texts import notification_phrases, summaries
from texts.summaries import SubjectRisk

# The job runs every few minutes; the first run in this window checks the school for the day.
AFTERNOON_FROM = time(16, 0)
AFTERNOON_UNTIL = time(19, 0)
PASSING_MARK = 3
FEW_MARKS_DAYS_LEFT = 14
# One or two marks make a forecast of chance: a single 2 in the first week would alarm the
# family and use up the period's one alert. Near the end every forecast counts.
MARKS_FOR_A_FORECAST = 3
KIND = "final_risk"
# Records written already processed (no rule turns them into messages): that a school was
# checked on a day, and who has been told of which pupil × subject × period. A message lists
# several risks, so its dedup key cannot remember them.
CHECKED = "final_risk.checked"
TOLD = "final_risk.told"
Quiet = tuple[str, str]
Told = set[tuple[int, int, int]]  # (person told, pupil, subject)


def risks_of(marks: PeriodMarks, today: date) -> list[SubjectRisk]:
    days_left = (marks.period.ends_on - today).days
    ending = days_left <= FEW_MARKS_DAYS_LEFT
    found = []
    for s in marks.subjects:
        if s.final_mark is not None:
            continue  # already certified (or exempt)
        f = s.forecast
        low = (
            f.predicted is not None
            and f.predicted < PASSING_MARK
            and (ending or f.marks_count >= MARKS_FOR_A_FORECAST)
        )
        few = ending and not f.enough_marks
        if low or few:
            found.append(SubjectRisk(s.subject_id, s.subject, f, low, few))
    return found


class _Reader:
    """A pupil's period marks as one person may see them, read once per run."""

    def __init__(self, ctx: Ctx, period_id: int) -> None:
        self._ctx = ctx
        self._period_id = period_id
        self._actors: dict[int, Actor | None] = {}
        self._marks: dict[tuple[int, int], PeriodMarks | None] = {}

    async def _actor(self, person_id: int) -> Actor | None:
        if person_id not in self._actors:
            try:
                self._actors[person_id] = await load_actor(self._ctx, person_id)
            except JournalError:
                self._actors[person_id] = None
        return self._actors[person_id]

    async def marks(self, reader_id: int, pupil_id: int) -> PeriodMarks | None:
        key = (reader_id, pupil_id)
        if key not in self._marks:
            # SQLite reads run on the event loop's thread: let the chats in between pupils.
            await asyncio.sleep(0)
            actor = await self._actor(reader_id)
            self._marks[key] = None
            if actor is not None:
                # A refusal: no longer this person's child or class.
                with contextlib.suppress(JournalError):
                    self._marks[key] = await period_marks(
                        self._ctx, actor, pupil_id, self._period_id
                    )
        return self._marks[key]

    async def new_risks(
        self, person_id: int, pupil_id: int, today: date, told: Told
    ) -> tuple[PeriodMarks | None, list[SubjectRisk]]:
        marks = await self.marks(person_id, pupil_id)
        if marks is None:
            return None, []
        risks = risks_of(marks, today)
        return marks, [r for r in risks if (person_id, pupil_id, r.subject_id) not in told]


@dataclass
class _News:
    """What one person has not been told yet, for those of their accounts that want to hear."""

    person_id: int
    accounts: list[tuple[Recipient, Quiet]]
    source: str  # what the message is about: "fr:p<pupil>" or "frc:c<class>"
    ref_id: int
    risks: list[tuple[int, SubjectRisk]] = field(default_factory=list)  # (pupil, risk)
    text: str = ""


async def _classes(
    session: AsyncSession, school: School, year_id: int
) -> list[tuple[SchoolClass, list[int]]]:
    """The school's marked classes of the year, each with its active pupils."""
    unmarked = school.unmarked_grade_set()
    classes = [
        c
        for c in (
            await session.scalars(
                select(SchoolClass)
                .where(SchoolClass.school_id == school.id, SchoolClass.year_id == year_id)
                .order_by(SchoolClass.grade, SchoolClass.letter, SchoolClass.id)
            )
        ).all()
        if c.grade not in unmarked
    ]
    pupils: dict[int, list[int]] = defaultdict(list)
    if classes:
        rows = await session.execute(
            select(Enrollment.class_id, Enrollment.pupil_id)
            .join(Person, Person.id == Enrollment.pupil_id)
            .where(
                Enrollment.class_id.in_([c.id for c in classes]),
                Enrollment.is_active.is_(True),
                Person.is_active.is_(True),
            )
            .order_by(Enrollment.pupil_id)
        )
        for class_id, pupil_id in rows.all():
            pupils[class_id].append(pupil_id)
    return [(c, pupils[c.id]) for c in classes if pupils[c.id]]


async def _told(session: AsyncSession, school: School, period: PeriodBrief) -> Told:
    since = datetime.combine(period.starts_on - timedelta(days=1), time(), UTC)
    payloads = await session.scalars(
        select(OutboxEvent.payload).where(
            OutboxEvent.school_id == school.id,
            OutboxEvent.kind == TOLD,
            OutboxEvent.created_at >= since,
        )
    )
    return {
        (int(p["person_id"]), int(p["pupil_id"]), int(p["subject_id"]))
        for p in payloads.all()
        if int(p["period_id"]) == period.id
    }


async def _for_guardians(
    ctx: Ctx,
    reader: _Reader,
    period: PeriodBrief,
    today: date,
    pupil_ids: list[int],
    told: Told,
    platforms: frozenset[Platform],
) -> list[_News]:
    pairs = await family_recipients(ctx.session, pupil_ids, platforms=platforms)
    prefs = await load_prefs(ctx.session, (r.account_id for r, _ in pairs))
    by_person: dict[tuple[int, int], _News] = {}
    for recipient, pupil_id in pairs:
        wanted = prefs.get(recipient.account_id, pupil_id)
        if wanted.final_risk:
            news = by_person.setdefault(
                (recipient.person_id, pupil_id),
                _News(recipient.person_id, [], f"fr:p{pupil_id}", pupil_id),
            )
            news.accounts.append((recipient, (wanted.quiet_from, wanted.quiet_to)))
    found = []
    for (person_id, pupil_id), news in by_person.items():
        marks, risks = await reader.new_risks(person_id, pupil_id, today, told)
        if marks is None or not risks:
            continue
        news.risks = [(pupil_id, r) for r in risks]
        who = notification_phrases.who(marks.pupil.first_name, marks.pupil.class_title)
        news.text = summaries.final_risk_for_guardian(who, risks, period.name, period.ends_on)
        found.append(news)
    return found


async def _for_class_teachers(
    ctx: Ctx,
    reader: _Reader,
    period: PeriodBrief,
    today: date,
    classes: list[tuple[SchoolClass, list[int]]],
    told: Told,
    platforms: frozenset[Platform],
) -> list[_News]:
    teachers = {c.class_teacher_id for c, _ in classes if c.class_teacher_id is not None}
    accounts = await accounts_of(ctx.session, teachers, platforms)
    prefs = await load_prefs(ctx.session, (a.account_id for m in accounts.values() for a in m))
    found = []
    for cls, pupil_ids in classes:
        teacher = cls.class_teacher_id or 0
        news = _News(teacher, [], f"frc:c{cls.id}", cls.id)
        for account in accounts.get(teacher, []):
            wanted = prefs.get(account.account_id)
            if wanted.final_risk:
                news.accounts.append((account, (wanted.quiet_from, wanted.quiet_to)))
        if not news.accounts:
            continue
        listed: list[tuple[str, int, SubjectRisk]] = []
        for pupil_id in pupil_ids:
            marks, risks = await reader.new_risks(teacher, pupil_id, today, told)
            if marks is not None:
                listed += [(marks.pupil.full_name, pupil_id, r) for r in risks]
        if not listed:
            continue
        listed.sort(key=lambda n: (n[0], n[1], n[2].subject))
        news.risks = [(pupil_id, risk) for _, pupil_id, risk in listed]
        news.text = summaries.final_risk_for_class(
            cls.title, period.name, period.ends_on, [(name, risk) for name, _, risk in listed]
        )
        found.append(news)
    return found


def _record(ctx: Ctx, school: School, kind: str, payload: dict[str, Any]) -> OutboxEvent:
    event = OutboxEvent(
        school_id=school.id, kind=kind, payload=payload, created_at=ctx.now, processed_at=ctx.now
    )
    ctx.session.add(event)
    return event


async def _check_school(
    ctx: Ctx, school: School, today: date, platforms: frozenset[Platform]
) -> int:
    calendar = await school_calendar(ctx, school.id)
    try:
        period = calendar.current(today)
    except JournalError:
        return 0
    if not period.starts_on <= today <= period.ends_on:
        return 0  # holidays: the period is over and its final marks are being set
    [year_id] = {p.year_id for p in calendar.periods if p.brief.id == period.id}
    classes = await _classes(ctx.session, school, year_id)
    reader = _Reader(ctx, period.id)
    told = await _told(ctx.session, school, period)
    pupil_ids = [p for _, pupils in classes for p in pupils]
    found = await _for_guardians(ctx, reader, period, today, pupil_ids, told, platforms)
    found += await _for_class_teachers(ctx, reader, period, today, classes, told, platforms)
    # Everything is read; the writes come last and together, holding SQLite's lock briefly.
    _record(ctx, school, CHECKED, {"date": today.isoformat()})
    zone = ZoneInfo(school.timezone)
    queued = 0
    for news in found:
        ledger = [
            _record(
                ctx,
                school,
                TOLD,
                {
                    "person_id": news.person_id,
                    "pupil_id": pupil_id,
                    "subject_id": risk.subject_id,
                    "period_id": period.id,
                    "low": risk.low,
                    "few": risk.few,
                },
            )
            for pupil_id, risk in news.risks
        ]
        await ctx.session.flush()
        notices = [
            Notice(account, KIND, news.text, quiet=quiet, ref_id=news.ref_id)
            for account, quiet in news.accounts
        ]
        source = f"{news.source}:e{ledger[0].id}"
        queued += await enqueue(ctx.session, notices, source=source, now=ctx.now, zone=zone)
    return queued


async def _checked_today(session: AsyncSession, school: School, now: datetime, today: date) -> bool:
    payloads = await session.scalars(
        select(OutboxEvent.payload).where(
            OutboxEvent.school_id == school.id,
            OutboxEvent.kind == CHECKED,
            OutboxEvent.created_at >= now - timedelta(days=1),
        )
    )
    return any(p.get("date") == today.isoformat() for p in payloads.all())


async def final_risk_alerts(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> int:
    """Checks every school where it is afternoon and which was not checked today; returns how
    many messages were queued."""

    async def school_check(ctx: Ctx, school: School, local: datetime) -> int:
        if not AFTERNOON_FROM <= local.time() < AFTERNOON_UNTIL:
            return 0
        if await _checked_today(ctx.session, school, ctx.now, local.date()):
            return 0
        return await _check_school(ctx, school, local.date(), platforms)

    return await for_each_school(session_factory, clock, school_check)
