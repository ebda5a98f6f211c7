"""Everything a chat's next message needs, read in one statement: the account, the access facts
of the person it is linked to, whose journal they may open, the school's name and time zone,
and where the conversation stood. This runs on every message."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import aliased

from db.enums import EnrollmentEnd, Gender, Platform
from db.models import (
    ChatAccount,
    ConversationState,
    Enrollment,
    GuardianLink,
    Person,
    School,
    SchoolClass,
    SchoolYear,
)
from services.chat.accounts import AccountStatus
from services.chat.state import NO_STATE, StoredState
from services.context import Ctx
from services.people.actor import Actor, actor_fact_parts, actor_from_facts, fact
from services.people.family import briefs
from services.people.scope_rows import remember_scopes, scope_fact_parts
from services.schedule.periods import local_date
from services.scoped_queries import AnySelect, plain_rows
from services.views import GraduateBrief, PupilBrief
from services.year_end.archive import graduate_access_until

_OF_ACCOUNT = (
    ChatAccount.platform == bindparam("chat_platform"),
    ChatAccount.external_id == bindparam("chat_external_id"),
)
_PERSON = select(ChatAccount.person_id).where(*_OF_ACCOUNT).scalar_subquery()
_Me = aliased(Person)
_Now = aliased(Enrollment)

_ACCOUNT = select(
    *fact(
        "account",
        (
            ChatAccount.id,
            ChatAccount.person_id,
            ChatAccount.selected_pupil_id,
            case((ChatAccount.consent_at.is_(None), 0), else_=1),
            cast(ChatAccount.is_blocked, Integer),
        ),
    )
).where(*_OF_ACCOUNT)
_STATE = select(
    *fact(
        "state",
        (ConversationState.id, ConversationState.version),
        (ConversationState.state, cast(ConversationState.data, String)),
    )
).where(
    ConversationState.platform == bindparam("chat_platform"),
    ConversationState.external_id == bindparam("chat_external_id"),
)


def _briefs(whose: ColumnElement[bool]) -> AnySelect:
    """What services.people.family.my_pupils reads, of the pupils `whose` picks, in the
    person's school."""
    return (
        select(
            *fact(
                "brief",
                (Person.id, SchoolClass.id, SchoolClass.grade),
                (
                    Person.last_name,
                    Person.first_name,
                    Person.middle_name,
                    SchoolClass.letter,
                    cast(Person.gender, String),
                ),
            )
        )
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(
            whose,
            Person.school_id == select(_Me.school_id).where(_Me.id == _PERSON).scalar_subquery(),
            Person.is_active.is_(True),
            Enrollment.is_active.is_(True),
        )
    )


def _graduates(whose: ColumnElement[bool]) -> AnySelect:
    """Of the pupils `whose` picks, those who finished school here and study nowhere now: the
    closed year they finished, and the school's days of the family's access to its archive."""
    return (
        select(
            *fact(
                "graduate",
                (Person.id, SchoolClass.grade, SchoolYear.id, School.graduate_access_days),
                (
                    Person.first_name,
                    SchoolClass.letter,
                    cast(Person.gender, String),
                    cast(SchoolYear.ends_on, String),
                ),
            )
        )
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
        .join(School, School.id == Person.school_id)
        .where(
            whose,
            Person.school_id == select(_Me.school_id).where(_Me.id == _PERSON).scalar_subquery(),
            Person.is_active.is_(True),
            Enrollment.ended == EnrollmentEnd.GRADUATED,
            ~exists().where(_Now.pupil_id == Person.id, _Now.is_active.is_(True)),
        )
    )


# The children and the pupil themself, in two parts: an OR of both would scan the school.
_CHILDREN = select(GuardianLink.pupil_id).where(GuardianLink.guardian_id == _PERSON)
# Whose journal the chat's next question most likely opens (handlers.core.turn.Viewer.selected):
# the chosen child, else the only one, else the pupil themself. A wrong guess costs nothing
# but the read it would have saved: the rows are kept by pupil, and any other is read anew.
_ONLY_CHILD = (
    select(case((func.count() == literal_column("1"), func.max(GuardianLink.pupil_id))))
    .where(GuardianLink.guardian_id == ChatAccount.person_id)
    .scalar_subquery()
)
_SHOWN = (
    select(
        func.coalesce(ChatAccount.selected_pupil_id, _ONLY_CHILD, ChatAccount.person_id).label(
            "pupil_id"
        ),
        _Me.school_id,
    )
    .join(_Me, _Me.id == ChatAccount.person_id)
    .where(*_OF_ACCOUNT)
    .subquery("shown")
)
_STANDING = union_all(
    _ACCOUNT,
    _STATE,
    *actor_fact_parts(_PERSON),
    _briefs(Person.id == _PERSON),
    _briefs(Person.id.in_(_CHILDREN)),
    _graduates(Person.id == _PERSON),
    _graduates(Person.id.in_(_CHILDREN)),
    *scope_fact_parts(_SHOWN),
)
_UNBLOCK = (
    update(ChatAccount)
    .where(*_OF_ACCOUNT, ChatAccount.is_blocked.is_(True))
    .values(is_blocked=False)
    .execution_options(synchronize_session=False)
)


@dataclass(frozen=True)
class ChatStanding:
    status: AccountStatus
    actor: Actor | None = None
    pupils: tuple[PupilBrief, ...] = ()
    school_name: str = ""
    timezone: str = "UTC"
    # They write to us again, so they unblocked the bot: notifications may resume.
    unblocked: bool = False
    state: StoredState = NO_STATE
    graduates: tuple[GraduateBrief, ...] = ()


async def chat_standing(ctx: Ctx, platform: Platform, external_id: str) -> ChatStanding:
    """As account_status, actor_for_chat (an inactive person: no actor), my_pupils and
    chat_state.get_state would say, without writing: the caller clears a stale is_blocked
    (unblock) when it writes. The access check of the pupil the chat shows finds its rows kept
    (services.people.scope_rows)."""
    committed = not ctx.in_transaction()  # nothing written yet
    rows = await plain_rows(
        ctx, _STANDING, {"chat_platform": platform, "chat_external_id": external_id}
    )
    remember_scopes(ctx, rows, committed)
    account = next((r for r in rows if r[0] == "account"), None)
    state = next((r for r in rows if r[0] == "state"), None)
    remembered = NO_STATE if state is None else StoredState(state[6], state[7], state[2])
    if account is None:
        return ChatStanding(AccountStatus(False, False, None, None), state=remembered)
    status = AccountStatus(
        exists=True,
        consent_given=bool(account[4]),
        person_id=account[2],
        selected_pupil_id=account[3],
    )
    if status.person_id is None:
        return ChatStanding(status, state=remembered)
    unblocked = bool(account[5])
    facts = actor_from_facts(rows)
    if facts.actor is None:
        return ChatStanding(status, unblocked=unblocked, state=remembered)
    found = [(r[1], r[6], r[7], r[8], r[2], r[3], r[9], r[10]) for r in rows if r[0] == "brief"]
    pupils = briefs(facts.actor, found)
    today = local_date(ctx.now, facts.timezone)
    return ChatStanding(
        status,
        facts.actor,
        tuple(pupils),
        facts.school_name,
        facts.timezone,
        unblocked,
        remembered,
        _graduate_briefs([r for r in rows if r[0] == "graduate"], today),
    )


def _graduate_briefs(rows: Sequence[Sequence[Any]], today: date) -> tuple[GraduateBrief, ...]:
    """One brief per graduate: the latest year they finished."""
    latest: dict[int, GraduateBrief] = {}
    for r in rows:
        ended = date.fromisoformat(str(r[9])[:10])
        until = graduate_access_until(ended, r[4] or 0)
        brief = GraduateBrief(
            id=r[1],
            first_name=r[6],
            class_title=f"{r[2]}{r[7]}",
            year_id=r[3],
            graduated_on=ended,
            open_until=until,
            readable=today <= until,
            gender=Gender(r[8]) if r[8] else None,
        )
        if r[1] not in latest or latest[r[1]].graduated_on < ended:
            latest[r[1]] = brief
    return tuple(sorted(latest.values(), key=lambda g: (g.graduated_on, g.first_name, g.id)))


async def unblock(ctx: Ctx, platform: Platform, external_id: str) -> None:
    await ctx.session.execute(
        _UNBLOCK, {"chat_platform": platform, "chat_external_id": external_id}
    )
