"""Announcements from the chat (001 §4.6.8): the deputy and the director to the whole school or a
grade, the class teacher to their class; whom, the text, a preview, then "Опубликовать" and the
delivery report on demand. publish_announcement decides who may write to whom."""

from db.enums import AnnouncementScope
from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards import staff_menus
from keyboards.actions.family import Menu
from keyboards.actions.staff import (
    Announce,
    AnnounceAudience,
    AnnouncePublish,
    AnnounceReport,
    AnnounceScope,
)
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.messages.announcement_report import delivery_report
from services.messages.announcing import TITLE_LIMIT, publish_announcement
from services.people.actor import Role
from services.people.staff_directory import school_classes
from services.staff_views import AnnouncementReport, ReportPerson
from texts import formatting, phrases, staff_phrases

GUARDIANS, PUPILS, STAFF = 1, 2, 4  # the audience, as bits
FAMILY_CHOICES: tuple[tuple[str, int], ...] = (
    (staff_phrases.TO_GUARDIANS, GUARDIANS),
    (staff_phrases.TO_PUPILS, PUPILS),
    (staff_phrases.TO_FAMILIES, GUARDIANS | PUPILS),
)
STAFF_CHOICES: tuple[tuple[str, int], ...] = (
    (staff_phrases.TO_STAFF, STAFF),
    (staff_phrases.TO_EVERYONE, GUARDIANS | PUPILS | STAFF),
)
LISTED = 15  # people named in a report's lists; the rest are counted


def _cancel() -> Keyboard:
    return Keyboard.of([button(phrases.CANCEL, Menu())])


async def start(turn: Turn, press: Announce) -> list[Reply]:
    """From the staff menu (school or grade) or from "Мой класс" (that class)."""
    own = sorted(turn.actor.class_teacher_of)
    deputy = turn.actor.has(Role.DEPUTY, Role.DIRECTOR)
    if press.class_id is not None or (own and not deputy):
        class_id = press.class_id if press.class_id is not None else own[0]
        return await _for_class(turn, class_id)
    if not deputy:
        return [Reply(staff_phrases.ANNOUNCE_WHO, Keyboard.of([to_menu()]))]
    turn.set_state(states.AnnounceStart())
    return await _scopes(turn)


async def _scopes(turn: Turn, note: str = "") -> list[Reply]:
    grades = sorted({c.grade for c in await turn.run(school_classes)})
    picks = [
        button(staff_phrases.SCOPE_GRADE.format(grade=g), AnnounceScope(grade=g)) for g in grades
    ]
    keyboard = Keyboard.of(
        [button(staff_phrases.SCOPE_SCHOOL, AnnounceScope())],
        *staff_menus.rows_of(picks, 3),
        [to_menu()],
    )
    return [Reply(note + staff_phrases.ANNOUNCE_SCOPE, keyboard)]


async def typed_before_scope(turn: Turn, text: str) -> list[Reply]:
    """The announcement typed before choosing whom it is for: kept, and the choice asked."""
    turn.set_state(states.AnnounceStart(text=text))
    return await _scopes(turn, staff_phrases.ANNOUNCE_KEPT + "\n\n")


async def _for_class(turn: Turn, class_id: int) -> list[Reply]:
    # Only the class teacher's own classes have a title to show; publishing checks the rest.
    titles = {c.id: c.title for c in await turn.run(school_classes)}
    whom = states.Whom(
        scope=AnnouncementScope.CLASS, class_id=class_id, class_title=titles.get(class_id, "")
    )
    return await _audience(turn, whom)


async def scope(turn: Turn, press: AnnounceScope) -> list[Reply]:
    early = turn.state_as(states.AnnounceStart)
    text = early.text if early is not None else ""
    if press.grade is None:
        return await _audience(turn, states.Whom(scope=AnnouncementScope.SCHOOL), text)
    whom = states.Whom(scope=AnnouncementScope.GRADE, grade=press.grade)
    return await _audience(turn, whom, text)


async def typed_before_audience(turn: Turn, text: str) -> list[Reply]:
    draft = turn.state_as(states.Announce)
    if draft is None:
        return await stale(turn)
    return await _audience(turn, draft.whom, text, staff_phrases.ANNOUNCE_KEPT + "\n\n")


async def _audience(turn: Turn, whom: states.Whom, text: str = "", note: str = "") -> list[Reply]:
    turn.set_state(states.Announce(whom=whom, text=text))
    choices = FAMILY_CHOICES
    if turn.actor.has(Role.DEPUTY, Role.DIRECTOR):
        choices += STAFF_CHOICES
    buttons = [button(label, AnnounceAudience(audience=v)) for label, v in choices]
    keyboard = Keyboard.of(*staff_menus.rows_of(buttons, 2), [button(phrases.CANCEL, Menu())])
    return [
        Reply(
            f"{note}{_where(whom)}\n{staff_phrases.ANNOUNCE_AUDIENCE}",
            keyboard,
            edit=turn.pressed,
        )
    ]


def _where(whom: states.Whom) -> str:
    if whom.scope == AnnouncementScope.GRADE:
        return staff_phrases.FOR_GRADE.format(grade=whom.grade)
    if whom.scope == AnnouncementScope.CLASS:
        return staff_phrases.FOR_CLASS.format(
            klass=whom.class_title or staff_phrases.FOR_YOUR_CLASS
        )
    return staff_phrases.FOR_SCHOOL


def _whom(audience: int) -> str:
    names = [
        n
        for bit, n in ((GUARDIANS, "родителям"), (PUPILS, "ученикам"), (STAFF, "сотрудникам"))
        if audience & bit
    ]
    return ", ".join(names)


async def audience(turn: Turn, press: AnnounceAudience) -> list[Reply]:
    draft = turn.state_as(states.Announce)
    if draft is None or not 0 < press.audience <= GUARDIANS | PUPILS | STAFF:
        return await stale(turn)
    turn.set_state(states.AnnounceText(whom=draft.whom, audience=press.audience))
    if draft.text:
        return await typed(turn, draft.text)
    return [Reply(staff_phrases.ANNOUNCE_ASK, _cancel(), edit=turn.pressed)]


def split_text(typed: str) -> tuple[str, str]:
    """The first of several lines is the title; a single line goes under a plain one."""
    first, _, rest = typed.strip().partition("\n")
    if rest.strip() and len(first.strip()) <= TITLE_LIMIT:
        return first.strip(), rest.strip()
    return staff_phrases.DEFAULT_TITLE, typed.strip()


async def typed(turn: Turn, text: str) -> list[Reply]:
    draft = turn.state_as(states.AnnounceText)
    if draft is None:
        return await stale(turn)
    title, body = split_text(text)
    turn.set_state(
        states.AnnounceReady(whom=draft.whom, audience=draft.audience, title=title, text=body)
    )
    whom = f"{_where(draft.whom)} · {_whom(draft.audience)}"
    preview = staff_phrases.ANNOUNCE_PREVIEW.format(whom=whom, title=title, text=body)
    keyboard = Keyboard.of(
        [
            button(staff_phrases.ANNOUNCE_PUBLISH, AnnouncePublish()),
            button(phrases.CANCEL, Menu()),
        ]
    )
    return [Reply(preview, keyboard)]


async def publish(turn: Turn, press: AnnouncePublish) -> list[Reply]:
    draft = turn.state_as(states.AnnounceReady)
    if draft is None:
        return await stale(turn)
    # Published or refused, the draft is done with: a refusal is not retried by pressing again.
    turn.clear_state()
    announcement = await turn.run(
        publish_announcement,
        title=draft.title,
        text=draft.text,
        scope=draft.whom.scope,
        grade=draft.whom.grade,
        class_id=draft.whom.class_id,
        to_guardians=bool(draft.audience & GUARDIANS),
        to_pupils=bool(draft.audience & PUPILS),
        to_staff=bool(draft.audience & STAFF),
    )
    keyboard = Keyboard.of(
        [button(staff_phrases.ANNOUNCE_REPORT, AnnounceReport(announcement=announcement))],
        [to_menu()],
    )
    return [Reply(staff_phrases.ANNOUNCE_DONE, keyboard, edit=turn.pressed)]


def _people(title: str, people: tuple[ReportPerson, ...]) -> list[str]:
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


async def report(turn: Turn, press: AnnounceReport) -> list[Reply]:
    found = await turn.run(delivery_report, press.announcement)
    published = formatting.day(turn.viewer.local_day(found.published_at))
    keyboard = Keyboard.of(
        [button(staff_phrases.ANNOUNCE_REFRESH, AnnounceReport(announcement=press.announcement))],
        [to_menu()],
    )
    return [Reply(report_text(found, published), keyboard, edit=turn.pressed)]
