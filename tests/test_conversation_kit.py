"""A chat driven like a person would (type, press a button by its label), linked through the
real invite services; and the records the conversation tests show. Shared by test_conversation_*."""

from datetime import UTC, date, datetime, timedelta

from db.enums import AnnouncementScope, AttendanceStatus, LessonStatus, Platform
from db.models import Lesson
from handlers.core.conversation import Conversation
from handlers.core.io import Incoming, Reply
from handlers.core.throttling import Throttle
from keyboards.model import Button
from keyboards.payloads import TELEGRAM_LIMIT_BYTES
from services.context import Ctx, Journal
from services.invites.class_invites import reissue_invite
from services.invites.redeeming import issue_invites
from services.people.actor import load_actor
from tests import read_rows
from tests.tiny_school import TODAY, TinySchool
from texts import phrases
from texts.splitting import MESSAGE_LIMIT, units

# Who hands out whose codes: the class teacher of the pupil's class, the admin for staff.
ISSUER = {"5А": "math", "5Б": "rus", "1А": "primary"}
CLASS_OF = {"a1": "5А", "a2": "5А", "a3": "5А", "b1": "5Б", "b2": "5Б", "c1": "1А"}
CLASS_OF |= {"g1": "5А", "g2": "5А", "g3": "5А", "g4": "1А"}


def calm() -> Throttle:
    """A throttle that never holds the tests back."""
    return Throttle(burst=10_000)


class Chat:
    def __init__(self, conversation: Conversation, account: str = "100") -> None:
        self.conversation = conversation
        self.account = account
        self.replies: list[Reply] = []

    async def _send(self, incoming: Incoming) -> list[Reply]:
        self.replies = await self.conversation.handle(incoming)
        check_limits(self.replies)
        return self.replies

    async def send(self, text: str) -> list[Reply]:
        return await self._send(Incoming(Platform.TELEGRAM, self.account, text=text))

    async def send_payload(self, payload: str) -> list[Reply]:
        return await self._send(Incoming(Platform.TELEGRAM, self.account, payload=payload))

    def button(self, label: str) -> Button:
        for reply in reversed(self.replies):
            if reply.keyboard is not None:
                for b in reply.keyboard.buttons():
                    if b.label == label:
                        return b
        shown = [b.label for r in self.replies if r.keyboard for b in r.keyboard.buttons()]
        raise AssertionError(f"no button {label!r} among {shown}")

    async def press(self, label: str) -> list[Reply]:
        return await self.send_payload(self.button(label).payload)

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def labels(self) -> list[str]:
        return [b.label for r in self.replies if r.keyboard for b in r.keyboard.buttons()]


def check_limits(replies: list[Reply]) -> None:
    for reply in replies:
        assert 1 <= units(reply.text) <= MESSAGE_LIMIT
        if reply.keyboard is not None:
            buttons = reply.keyboard.buttons()
            assert len(buttons) <= 100
            for b in buttons:
                assert 1 <= len(b.label) <= 40
                assert len(b.payload.encode()) <= TELEGRAM_LIMIT_BYTES and len(b.payload) <= 255


# The tiny school's people who are not Иван Иванов (a1), whom the guardian g2 may see alone.
NOT_IVANS = ("Анна", "Петрова", "Олег", "Сидоров", "Мария", "Дмитрий", "Ева")


async def random_event_answered(chat: "Chat", role: str, kind: str, value: str) -> None:
    """A fuzz step: a random text or button payload gets a calm answer within the platform's
    limits, never "something went wrong", and g2 never sees anyone but their own child."""
    incoming = Incoming(
        Platform.TELEGRAM,
        chat.account,
        text=value if kind == "text" else None,
        payload=value if kind == "payload" else None,
    )
    replies = chat.replies = await chat.conversation.handle(incoming)
    assert replies, "a calm chat always gets an answer"
    check_limits(replies)
    assert not any(r.text == phrases.SOMETHING_WRONG for r in replies), value
    if role == "g2":
        shown = "\n".join(r.text for r in replies)
        assert not any(name in shown for name in NOT_IVANS), (value, shown)


async def invite_code(journal: Journal, tiny: TinySchool, key: str) -> str:
    async def issue(ctx: Ctx) -> str:
        if key in CLASS_OF:
            klass = CLASS_OF[key]
            # One slip for this person, as a class teacher hands out a lost one: the others of
            # the class are left without codes, so their "Коды приглашения" still offers new.
            actor = await load_actor(ctx, tiny.people[ISSUER[klass]])
            slip = await reissue_invite(ctx, actor, tiny.classes[klass], tiny.people[key])
            return slip.code
        else:
            actor = await load_actor(ctx, tiny.people["admin"])
            issued = await issue_invites(ctx, actor, staff=True)
        return next(i.code for i in issued if i.person_id == tiny.people[key])

    return await journal.run(issue)


async def linked_chat(
    journal: Journal,
    tiny: TinySchool,
    key: str,
    account: str = "100",
    conversation: Conversation | None = None,
) -> Chat:
    """A chat linked by code as person `key`, consent given."""
    chat = Chat(conversation or Conversation(journal, throttle=calm()), account)
    await chat.send(f"/start {await invite_code(journal, tiny, key)}")
    await chat.press("Согласен")
    return chat


async def add_records(journal: Journal, t: TinySchool) -> None:
    """Marks, homework, attendance, final marks, announcements and schedule changes for 5А."""

    async def fill(ctx: Ctx) -> None:
        await read_rows.mark(ctx, t, "math-mon", "a1", 5, "control", comment="Молодец")
        await read_rows.mark(ctx, t, "math-today", "a1", 4)
        await read_rows.mark(ctx, t, "math-today", "a1", 3, "homework")
        await read_rows.mark(ctx, t, "math-today", "a2", 2)
        await read_rows.mark(ctx, t, "rus-today", "a1", 5)
        await read_rows.homework(ctx, t, "math-today", "№ 12, 14", TODAY + timedelta(days=1))
        await read_rows.homework(
            ctx, t, "rus-today", "Упр. 5", TODAY + timedelta(days=1), pupils=("a1",)
        )
        await read_rows.homework(
            ctx, t, "rus-today", "Упр. 6 для Анны", TODAY + timedelta(1), pupils=("a2",)
        )
        await read_rows.homework(ctx, t, "math-today", "Стр. 40", TODAY + timedelta(days=2))
        await read_rows.attendance(ctx, t, "math-mon", "a1", AttendanceStatus.ILL, "справка")
        await read_rows.attendance(ctx, t, "math-today", "a1", AttendanceStatus.LATE)
        await read_rows.attendance(ctx, t, "math-today", "a2", AttendanceStatus.ABSENT)
        await read_rows.final_mark(ctx, t, "a1", "math", "q1", "5")
        await read_rows.announcement(
            ctx, t, "Родительское собрание", at=datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
        )
        await read_rows.announcement(
            ctx, t, "Экскурсия 5А", scope=AnnouncementScope.CLASS, class_key="5А"
        )
        await read_rows.announcement(
            ctx, t, "Экскурсия 5Б", scope=AnnouncementScope.CLASS, class_key="5Б"
        )
        await read_rows.change_lesson(ctx, t, "math-today", topic="Сложение дробей")
        await read_rows.change_lesson(ctx, t, "rus-tue-cancelled", status=LessonStatus.CANCELLED)
        await read_rows.change_lesson(
            ctx, t, "math-fri", substitute_teacher_id=t.people["rus"], original_room="21", room="14"
        )
        await read_rows.change_lesson(
            ctx, t, "rus-thu", moved_from_date=date(2026, 11, 17), moved_from_number=3
        )

    await journal.run(fill)


async def delete_lesson(journal: Journal, lesson_id: int) -> None:
    async def remove(ctx: Ctx) -> None:
        lesson = await ctx.session.get(Lesson, lesson_id)
        assert lesson is not None
        await ctx.session.delete(lesson)

    await journal.run(remove)
