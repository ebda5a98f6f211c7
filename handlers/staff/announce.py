"""Announcements from the chat (001 §4.6.8): the deputy and the director to the whole school or a
grade, the class teacher to their class; whom, the text, a preview, then "Опубликовать" and the
delivery report on demand. publish_announcement decides who may write to whom."""

from typing import Any

from db.enums import AnnouncementScope
from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards import staff_menus
from keyboards.menus import to_menu
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from services.messages.announcement_report import delivery_report
from services.messages.announcing import TITLE_LIMIT, publish_announcement
from services.people.actor import Role
from services.people.staff_directory import school_classes
from services.staff_views import AnnouncementReport
from texts import formatting, phrases, staff_phrases

GUARDIANS, PUPILS, STAFF = 1, 2, 4  # the audience, as bits of v
FAMILY_CHOICES = ((staff_phrases.TO_GUARDIANS, GUARDIANS), (staff_phrases.TO_PUPILS, PUPILS))
FAMILY_CHOICES += ((staff_phrases.TO_FAMILIES, GUARDIANS | PUPILS),)
STAFF_CHOICES = (
    (staff_phrases.TO_STAFF, STAFF),
    (staff_phrases.TO_EVERYONE, GUARDIANS | PUPILS | STAFF),
)
LISTED = 15  # people named in a report's lists; the rest are counted


def _cancel() -> Keyboard:
    return Keyboard.of([staff_menus.button(phrases.CANCEL, Action.MENU)])


async def start(turn: Turn, payload: Payload) -> list[Reply]:
    """From the staff menu (school or grade) or from "Мой класс" (that class)."""
    own = sorted(turn.actor.class_teacher_of)
    deputy = turn.actor.has(Role.DEPUTY, Role.DIRECTOR)
    if payload.item is not None or (own and not deputy):
        class_id = payload.item if payload.item is not None else own[0]
        return await _for_class(turn, class_id)
    if not deputy:
        return [Reply(staff_phrases.ANNOUNCE_WHO, Keyboard.of([to_menu()]))]
    grades = sorted({c.grade for c in await turn.run(school_classes)})
    picks = [
        staff_menus.button(
            staff_phrases.SCOPE_GRADE.format(grade=g), Action.ANNOUNCE_SCOPE, value=g
        )
        for g in grades
    ]
    keyboard = Keyboard.of(
        [staff_menus.button(staff_phrases.SCOPE_SCHOOL, Action.ANNOUNCE_SCOPE)],
        *staff_menus.rows_of(picks, 3),
        [to_menu()],
    )
    return [Reply(staff_phrases.ANNOUNCE_SCOPE, keyboard)]


async def _for_class(turn: Turn, class_id: int) -> list[Reply]:
    # Only the class teacher's own classes have a title to show; publishing checks the rest.
    titles = {c.id: c.title for c in await turn.run(school_classes)}
    draft = {"scope": AnnouncementScope.CLASS.value, "class": class_id}
    return await _audience(turn, draft | {"class_title": titles.get(class_id, "")})


async def scope(turn: Turn, payload: Payload) -> list[Reply]:
    if payload.value is None:
        return await _audience(turn, {"scope": AnnouncementScope.SCHOOL.value})
    return await _audience(turn, {"scope": AnnouncementScope.GRADE.value, "grade": payload.value})


async def _audience(turn: Turn, draft: dict[str, Any]) -> list[Reply]:
    await turn.set_state(states.ANNOUNCE, draft)
    choices = FAMILY_CHOICES
    if turn.actor.has(Role.DEPUTY, Role.DIRECTOR):
        choices += STAFF_CHOICES
    buttons = [staff_menus.button(label, Action.ANNOUNCE_AUDIENCE, value=v) for label, v in choices]
    keyboard = Keyboard.of(
        *staff_menus.rows_of(buttons, 2), [staff_menus.button(phrases.CANCEL, Action.MENU)]
    )
    return [
        Reply(f"{_where(draft)}\n{staff_phrases.ANNOUNCE_AUDIENCE}", keyboard, edit=turn.pressed)
    ]


def _where(draft: dict[str, Any]) -> str:
    if draft.get("scope") == AnnouncementScope.GRADE.value:
        return staff_phrases.FOR_GRADE.format(grade=draft.get("grade"))
    if draft.get("scope") == AnnouncementScope.CLASS.value:
        return staff_phrases.FOR_CLASS.format(
            klass=draft.get("class_title") or staff_phrases.FOR_YOUR_CLASS
        )
    return staff_phrases.FOR_SCHOOL


def _whom(audience: int) -> str:
    names = [
        n
        for bit, n in ((GUARDIANS, "родителям"), (PUPILS, "ученикам"), (STAFF, "сотрудникам"))
        if audience & bit
    ]
    return ", ".join(names)


async def audience(turn: Turn, payload: Payload) -> list[Reply]:
    state, data = turn.state
    if state != states.ANNOUNCE or not 0 < (payload.value or 0) <= GUARDIANS | PUPILS | STAFF:
        return await stale(turn)
    await turn.set_state(states.ANNOUNCE_TEXT, dict(data) | {"audience": payload.value})
    return [Reply(staff_phrases.ANNOUNCE_ASK, _cancel(), edit=turn.pressed)]


def split_text(typed: str) -> tuple[str, str]:
    """The first of several lines is the title; a single line goes under a plain one."""
    first, _, rest = typed.strip().partition("\n")
    if rest.strip() and len(first.strip()) <= TITLE_LIMIT:
        return first.strip(), rest.strip()
    return staff_phrases.DEFAULT_TITLE, typed.strip()


async def typed(turn: Turn, text: str) -> list[Reply]:
    _, data = turn.state
    title, body = split_text(text)
    draft = dict(data) | {"title": title, "text": body}
    await turn.set_state(states.ANNOUNCE_READY, draft)
    whom = f"{_where(draft)} · {_whom(states.data_int(draft, 'audience') or 0)}"
    preview = staff_phrases.ANNOUNCE_PREVIEW.format(whom=whom, title=title, text=body)
    keyboard = Keyboard.of(
        [
            staff_menus.button(staff_phrases.ANNOUNCE_PUBLISH, Action.ANNOUNCE_PUBLISH),
            staff_menus.button(phrases.CANCEL, Action.MENU),
        ]
    )
    return [Reply(preview, keyboard)]


async def publish(turn: Turn, payload: Payload) -> list[Reply]:
    state, draft = turn.state
    if state != states.ANNOUNCE_READY:
        return await stale(turn)
    audience = states.data_int(draft, "audience") or 0
    # Published or refused, the draft is done with: a refusal is not retried by pressing again.
    await turn.clear_state()
    announcement = await turn.run(
        publish_announcement,
        title=str(draft.get("title", "")),
        text=str(draft.get("text", "")),
        scope=AnnouncementScope(str(draft.get("scope"))),
        grade=states.data_int(draft, "grade"),
        class_id=states.data_int(draft, "class"),
        to_guardians=bool(audience & GUARDIANS),
        to_pupils=bool(audience & PUPILS),
        to_staff=bool(audience & STAFF),
    )
    keyboard = Keyboard.of(
        [
            staff_menus.button(
                staff_phrases.ANNOUNCE_REPORT, Action.ANNOUNCE_REPORT, item=announcement
            )
        ],
        [to_menu()],
    )
    return [Reply(staff_phrases.ANNOUNCE_DONE, keyboard, edit=turn.pressed)]


def _people(title: str, people: tuple[Any, ...]) -> list[str]:
    if not people:
        return []
    lines = ["", title, *(f"  {p.full_name} ({p.note})" for p in people[:LISTED])]
    if len(people) > LISTED:
        lines.append("  " + staff_phrases.REPORT_MORE.format(count=len(people) - LISTED))
    return lines


def report_text(report: AnnouncementReport, published: str) -> str:
    lines = [
        staff_phrases.REPORT.format(
            title=report.title,
            published=published,
            audience=report.audience,
            linked=report.linked,
            delivered=report.delivered,
            queued=report.queued,
            read=report.read,
            not_linked=report.not_linked,
            blocked=report.blocked,
        )
    ]
    lines += _people(staff_phrases.REPORT_NOT_LINKED, report.not_linked_people)
    lines += _people(staff_phrases.REPORT_BLOCKED, report.blocked_people)
    return "\n".join(lines)


async def report(turn: Turn, payload: Payload) -> list[Reply]:
    if payload.item is None:
        return await stale(turn)
    found = await turn.run(delivery_report, payload.item)
    published = formatting.day(turn.viewer.local_day(found.published_at))
    keyboard = Keyboard.of(
        [
            staff_menus.button(
                staff_phrases.ANNOUNCE_REFRESH, Action.ANNOUNCE_REPORT, item=payload.item
            )
        ],
        [to_menu()],
    )
    return [Reply(report_text(found, published), keyboard, edit=turn.pressed)]
