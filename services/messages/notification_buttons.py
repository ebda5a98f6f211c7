"""What pressing a notification's button does; the conversation calls this for "n:..." payloads.

if buttons.is_notification_payload(payload):
    text = await journal.run(answer_button, actor, payload)
"""

from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    func,
    select,
)

from db.models import (
    Announcement,
    AnnouncementRead,
    DigestItem,
    OutgoingMessage,
    School,
)
from notifications.delivery import buttons
from notifications.rules.announcements import audience
from notifications.rules.notice import RuleContext
from services.attendance.absence_reasons import record_absence_reason
from services.context import Ctx
from services.errors import (
    AccessDenied,
    NotFound,
    RuleViolation,
)
from services.messages.announcing import mark_announcement_read
from services.people.actor import Actor

STALE = "Эта кнопка устарела. Откройте меню: /menu"


async def answer_button(ctx: Ctx, actor: Actor, payload: str) -> str:
    """Does what the button says (with the usual access checks) and returns the answer."""
    pressed = buttons.parse(payload)
    if isinstance(pressed, buttons.AbsenceReasonPress):
        return await record_absence_reason(
            ctx, actor, pressed.lesson_id, pressed.pupil_id, pressed.reason
        )
    if isinstance(pressed, buttons.AnnouncementReadPress):
        await mark_announcement_read(ctx, actor, pressed.announcement_id)
        return "Отмечено: вы ознакомились с объявлением."
    raise RuleViolation(STALE)


@dataclass(frozen=True)
class AnnouncementReach:
    audience: int  # people it is meant for
    delivered: int  # messages the messengers accepted (a person may have two chats)
    waiting: int  # queued or held by quiet hours
    read: int  # people who pressed "Ознакомлен"


async def announcement_reach(ctx: Ctx, actor: Actor, announcement_id: int) -> AnnouncementReach:
    """Read counts for the author (and the school's administration)."""
    ann = await ctx.session.get(Announcement, announcement_id)
    if ann is None or ann.school_id != actor.school_id:
        raise NotFound("Объявление не найдено.")
    if ann.author_id != actor.person_id and not actor.is_school_wide_reader:
        raise AccessDenied("Сколько человек прочли объявление, видит его автор.")
    school = await ctx.session.get(School, ann.school_id)
    assert school is not None
    people = await audience(RuleContext(ctx.session, ctx.now, school), ann)

    async def count(
        model: type[OutgoingMessage] | type[DigestItem], *where: ColumnElement[bool]
    ) -> int:
        query = select(func.count()).select_from(model)
        query = query.where(model.kind == "announcement", model.ref_id == ann.id, *where)
        return int(await ctx.session.scalar(query) or 0)

    read = await ctx.session.scalar(
        select(func.count()).where(AnnouncementRead.announcement_id == ann.id)
    )
    return AnnouncementReach(
        audience=len(people),
        delivered=await count(OutgoingMessage, OutgoingMessage.status == "sent"),
        waiting=await count(OutgoingMessage, OutgoingMessage.status == "pending")
        + await count(DigestItem, DigestItem.released.is_(False)),
        read=int(read or 0),
    )
