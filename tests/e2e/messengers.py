"""One way to talk to the bot on every messenger, for persona scripts run on each of them.

A driver presses a button by its label, types text, sends a file, opens a deep link, and returns
what the bot answered: the real bot (aiogram on the Telegram stand-in, vk_api on the VK one, our
client on the MAX one, or the terminal chat) with the real conversation. To know when an action
is fully answered, the driver then sends a barrier message that bypasses the conversation: the
adapters answer one person in order, so once the barrier's echo is there, so is all before it.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.terminal_chat import event_for, render
from db.engine import make_session_factory
from db.enums import Platform
from handlers.core.io import Incoming, Reply
from keyboards.model import Button
from notifications.delivery.drain import OutboxDrain
from notifications.delivery.loop import DeliveryWorker
from tests.conftest import FakeClock
from tests.e2e.conftest import Handle, telegram_polling, vk_polling
from tests.e2e.max_kit import max_polling
from tests.notifications.fakes import RunningClock
from tests.notifications.telegram_support import telegram_delivery
from tests.notifications.test_delivery_max import max_delivery
from tests.notifications.test_delivery_vk import vk_delivery
from tests.standins import MaxStandIn, TelegramStandIn, VkStandIn
from tests.standins.vk_state import incoming_message

BARRIER = "⟂ barrier ⟂"
MESSENGERS = ("telegram", "vk", "max", "terminal")


@dataclass(frozen=True)
class Said:
    """One message the bot sent (or an edit of one), as a person sees it."""

    text: str
    labels: tuple[str, ...] = ()
    file: tuple[str, bytes] | None = None  # file name and content
    edit: bool = False


def text_of(said: list[Said]) -> str:
    return "\n".join(s.text for s in said)


def labels_of(said: list[Said]) -> list[str]:
    """The buttons a person has now: those of the last message that came with some."""
    return next((list(s.labels) for s in reversed(said) if s.labels), [])


def with_barrier(handle: Handle) -> Handle:
    async def handle_or_echo(incoming: Incoming) -> list[Reply]:
        if incoming.text == BARRIER:
            return [Reply(BARRIER)]
        return await handle(incoming)

    return handle_or_echo


class Messenger:
    name: str
    platform: Platform
    sends_files = True
    receives_notifications = True

    async def type(self, user: int, text: str) -> list[Said]:
        return await self._answered(user, self._type(user, text))

    async def press(self, user: int, label: str) -> list[Said]:
        return await self._answered(user, self._press(user, label))

    async def deep_link(self, user: int, code: str) -> list[Said]:
        """Opens the bot from the link printed on an invite slip."""
        return await self._answered(user, self._deep_link(user, code.replace("-", "")))

    async def send_file(self, user: int, data: bytes, name: str, caption: str) -> list[Said]:
        return await self._answered(user, self._file(user, data, name, caption))

    async def notices(self, user: int, count: int = 1) -> list[Said]:
        """Messages the notification sender brought (no barrier: they come on their own)."""
        return await self._wait_new(user, count)

    def delivery(
        self, factory: async_sessionmaker[AsyncSession], clock: FakeClock
    ) -> AbstractAsyncContextManager[DeliveryWorker]:
        raise NotImplementedError

    async def _answered(self, user: int, action: Any) -> list[Said]:
        await action
        await self._type(user, BARRIER)
        said: list[Said] = []
        while not said or said[-1].text != BARRIER:
            said += await self._wait_new(user, 1)
        return [s for s in said if s.text != BARRIER]

    async def _type(self, user: int, text: str) -> Any: ...
    async def _press(self, user: int, label: str) -> Any: ...
    async def _deep_link(self, user: int, payload: str) -> Any: ...
    async def _file(self, user: int, data: bytes, name: str, caption: str) -> Any: ...
    async def _wait_new(self, user: int, count: int) -> list[Said]:
        raise NotImplementedError


class TelegramMessenger(Messenger):
    name, platform = "telegram", Platform.TELEGRAM

    def __init__(self, standin: TelegramStandIn) -> None:
        self.standin = standin

    async def _type(self, user: int, text: str) -> Any:
        return await self.standin.user_sends_text(user, text)

    async def _press(self, user: int, label: str) -> Any:
        return await self.standin.user_presses(user, label)

    async def _deep_link(self, user: int, payload: str) -> Any:
        return await self.standin.user_sends_text(user, f"/start {payload}")

    async def _file(self, user: int, data: bytes, name: str, caption: str) -> Any:
        if name.endswith(".jpg"):
            return await self.standin.user_sends_photo(user, data, caption)
        return await self.standin.user_sends_document(user, data, name, "application/pdf", caption)

    async def _wait_new(self, user: int, count: int) -> list[Said]:
        sent = await self.standin.take_new(
            ("said", user),
            lambda: [m for m in self.standin.sent if m.chat_id == user],
            count,
            5.0,
            lambda got: f"{count} message(s) to {user}",
        )
        return [self._said(m) for m in sent]

    @staticmethod
    def _said(m: Any) -> Said:
        file = None
        if m.document is not None:
            file = (m.document.filename, m.document.data)
        elif m.method == "sendPhoto":
            file = (m.params["photo"].filename, m.params["photo"].data)
        edit = m.method.startswith("edit")
        return Said(m.plain_text or "", tuple(m.button_labels()), file, edit)

    def delivery(
        self, factory: async_sessionmaker[AsyncSession], clock: FakeClock
    ) -> AbstractAsyncContextManager[DeliveryWorker]:
        return telegram_delivery(self.standin, factory, RunningClock(clock))


class VkMessenger(Messenger):
    name, platform = "vk", Platform.VK

    def __init__(self, standin: VkStandIn) -> None:
        self.standin = standin

    async def _type(self, user: int, text: str) -> Any:
        return await self.standin.user_sends_text(user, text)

    async def _press(self, user: int, label: str) -> Any:
        return await self.standin.user_presses(user, label)

    async def _deep_link(self, user: int, payload: str) -> Any:
        # vk.me/club<id>?ref=<code>: the first message of the dialog carries the ref.
        vk = self.standin
        vk.add_user(user)
        message_id, cmid = vk.world.take_ids(user)
        event = incoming_message(message_id, cmid, user, "Начать", None)
        event["message"]["ref"] = payload
        return await vk._queue("message_new", event)

    async def _file(self, user: int, data: bytes, name: str, caption: str) -> Any:
        vk = self.standin
        if name.endswith(".jpg"):
            item = vk.photo_attachment(user, data)
        else:
            item = vk.doc_attachment(user, data, name)
        return await vk.user_sends_attachments(user, [item], caption)

    async def _wait_new(self, user: int, count: int) -> list[Said]:
        sent = await self.standin.take_new(
            ("said", user),
            lambda: [m for m in self.standin.sent if m.peer_id == user],
            count,
            5.0,
            lambda got: f"{count} message(s) to {user}",
        )
        return [
            Said(
                m.text,
                tuple(m.button_labels()),
                (m.files[0].filename, m.files[0].data) if m.files else None,
                m.method == "messages.edit",
            )
            for m in sent
        ]

    def delivery(
        self, factory: async_sessionmaker[AsyncSession], clock: FakeClock
    ) -> AbstractAsyncContextManager[DeliveryWorker]:
        return vk_delivery(self.standin, factory, clock)


class MaxMessenger(Messenger):
    name, platform = "max", Platform.MAX

    def __init__(self, standin: MaxStandIn) -> None:
        self.standin = standin

    async def _type(self, user: int, text: str) -> Any:
        return await self.standin.user_sends_text(user, text)

    async def _press(self, user: int, label: str) -> Any:
        return await self.standin.user_presses(user, label)

    async def _deep_link(self, user: int, payload: str) -> Any:
        return await self.standin.user_starts(user, payload)

    async def _file(self, user: int, data: bytes, name: str, caption: str) -> Any:
        if name.endswith(".jpg"):
            return await self.standin.user_sends_image(user, data, caption)
        return await self.standin.user_sends_file(user, data, name, caption)

    async def _wait_new(self, user: int, count: int) -> list[Said]:
        sent = await self.standin.take_new(
            ("said", user),
            lambda: [m for m in self.standin.sent if m.user_id == user],
            count,
            10.0,  # a file waits out MAX's "not ready" moment
            lambda got: f"{count} message(s) to {user}",
        )
        return [
            Said(
                m.text,
                tuple(m.button_labels()),
                (m.files[0][1].filename, m.files[0][1].data) if m.files else None,
                m.method == "edit",
            )
            for m in sent
        ]

    def delivery(
        self, factory: async_sessionmaker[AsyncSession], clock: FakeClock
    ) -> AbstractAsyncContextManager[DeliveryWorker]:
        return max_delivery(self.standin, factory, clock)


class TerminalMessenger(Messenger):
    """The terminal chat (bot.terminal_chat): buttons by their numbers, no files, and no
    notifications, since nothing is delivered to a terminal."""

    name, platform = "terminal", Platform.TERMINAL
    sends_files = False
    receives_notifications = False

    def __init__(self, handle: Handle) -> None:
        self.handle = handle
        self.buttons: dict[int, list[Button]] = {}
        self.screen = io.StringIO()

    async def _said(self, user: int, incoming: Incoming) -> list[Said]:
        replies = await self.handle(incoming)
        shown = render(replies, self.screen)  # what the terminal prints, as it prints it
        if any(r.keyboard is not None for r in replies):
            self.buttons[user] = shown
        return [
            Said(
                r.text,
                tuple(b.label for b in r.keyboard.buttons()) if r.keyboard else (),
                (r.attachment.filename, r.attachment.content) if r.attachment else None,
                r.edit,  # the terminal prints it again: the redraw of the message above
            )
            for r in replies
        ]

    async def type(self, user: int, text: str) -> list[Said]:
        return await self._said(user, Incoming(Platform.TERMINAL, str(user), text=text))

    async def press(self, user: int, label: str) -> list[Said]:
        buttons = self.buttons.get(user, [])
        numbers = [n for n, b in enumerate(buttons, 1) if b.label == label]
        if not numbers:
            raise AssertionError(f"no button {label!r} among {[b.label for b in buttons]}")
        # "[n]": the button's number, even where a bare number reads as a label (a mark).
        return await self._said(user, event_for(f"[{numbers[0]}]", buttons, str(user)))

    async def deep_link(self, user: int, code: str) -> list[Said]:
        return await self.type(user, f"/start {code}")


@asynccontextmanager
async def messenger_for(name: str, handle: Handle) -> AsyncIterator[Messenger]:
    handle = with_barrier(handle)
    async with AsyncExitStack() as stack:
        if name == "telegram":
            telegram = await stack.enter_async_context(TelegramStandIn())
            await stack.enter_async_context(telegram_polling(telegram, handle))
            yield TelegramMessenger(telegram)
        elif name == "vk":
            vk = await stack.enter_async_context(VkStandIn())
            await stack.enter_async_context(vk_polling(vk, handle))
            yield VkMessenger(vk)
        elif name == "max":
            max_api = await stack.enter_async_context(MaxStandIn())
            await stack.enter_async_context(max_polling(max_api, handle))
            yield MaxMessenger(max_api)
        else:
            yield TerminalMessenger(handle)


@pytest.fixture(params=MESSENGERS)
async def messenger(request: pytest.FixtureRequest, handle: Handle) -> AsyncIterator[Messenger]:
    async with messenger_for(request.param, handle) as chosen:
        yield chosen
        standin = getattr(chosen, "standin", None)
        if standin is not None:
            assert standin.violations == []


@asynccontextmanager
async def notifications(
    messenger: Messenger, engine: AsyncEngine, clock: FakeClock
) -> AsyncIterator[Callable[[], Awaitable[int]]]:
    """The outbox drain and the messenger's sender, as `journal run` has them; yields a call
    that drains the outbox now."""
    factory = make_session_factory(engine)
    drain = OutboxDrain(factory, clock, grace=timedelta(0))

    async def drain_now() -> int:
        return await drain.drain_all()

    if not messenger.receives_notifications:
        yield drain_now  # the events are processed; nothing is queued for a terminal
        return
    async with messenger.delivery(factory, clock) as worker:
        drain.on_enqueued = worker.wake
        yield drain_now
