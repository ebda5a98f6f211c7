"""The MAX adapter on its own, with scripted replies: what the conversation does not exercise."""

import asyncio

import aiohttp

from bot.chat_sequencing import ChatSequencer
from bot.max.adapter import FAILURE_TEXT, MaxConversationBridge, incoming_from_update
from bot.max.client import MaxClient
from bot.max.runtime import MaxBot, make_webhook_app, webhook_problem
from db.enums import Platform
from handlers.core.io import Attachment, Incoming, Reply
from keyboards.model import Button, Keyboard
from tests.e2e.conftest import running
from tests.e2e.max_kit import max_polling, max_standin
from tests.standins import MaxStandIn

__all__ = ["max_standin"]

USER = 800
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


async def test_edit_files_long_text_and_oversize_button(max_standin: MaxStandIn) -> None:
    max = max_standin
    menu = Keyboard.of([Button("Дальше", "next"), Button("Слишком длинно", "x" * 1025)])

    async def handle(incoming: Incoming) -> list[Reply]:
        if incoming.payload == "next":
            return [
                Reply("Страница 2", Keyboard.of([Button("Дальше", "next")]), edit=True),
                Reply("Табель", Keyboard.of([Button("В меню", "m")]), Attachment("t.pdf", b"%PDF")),
                Reply("Фото", attachment=Attachment("photo.png", PNG, kind="photo")),
            ]
        return [Reply("строка\n" * 1200, menu)]

    async with max_polling(max, handle):
        await max.user_sends_text(USER, "привет")
        chunks = await max.wait_for_messages(USER, 3)
        assert all(len(m.text) <= 4000 for m in chunks)
        assert [m.button_labels() for m in chunks] == [[], [], ["Дальше"]]

        await max.user_presses(USER, "Дальше")
        (edited,) = await max.wait_for_edits(USER)
        assert edited.mid == chunks[-1].mid and edited.text == "Страница 2"
        (answer,) = await max.wait_for_answers()
        assert answer.edited and answer.notification is None
        # A document is alone in its message: its buttons follow in the next one.
        document, buttons, photo = await max.wait_for_messages(USER, 3, timeout=10)
        assert [(k, u.filename, u.data) for k, u in document.files] == [("file", "t.pdf", b"%PDF")]
        assert (document.text, buttons.button_labels()) == ("Табель", ["В меню"])
        assert [(k, u.data) for k, u in photo.files] == [("image", PNG)]
    assert max.unanswered_callbacks() == []
    assert max.violations == []


async def test_a_press_answered_by_a_new_message_gets_a_notification(
    max_standin: MaxStandIn,
) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        if incoming.payload:
            return [Reply("Оценки Ивана\n5 4 5")]
        return [Reply("Меню", Keyboard.of([Button("Оценки", "marks")]))]

    async with max_polling(max_standin, handle):
        await max_standin.user_sends_text(USER, "меню")
        await max_standin.wait_for_messages(USER)
        await max_standin.user_presses(USER, "Оценки")
        (answer,) = await max_standin.wait_for_answers()
        (marks,) = await max_standin.wait_for_messages(USER)
    assert answer.notification == "Оценки Ивана" and not answer.edited
    assert marks.text == "Оценки Ивана\n5 4 5"
    assert max_standin.violations == []


async def test_failing_handler_still_answers_the_button(max_standin: MaxStandIn) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        raise RuntimeError("boom")

    async with max_polling(max_standin, handle):
        await max_standin.user_sends_text(USER, "привет")
        (reply,) = await max_standin.wait_for_messages(USER)
        assert reply.text == FAILURE_TEXT
        await max_standin.user_presses_payload(USER, "anything")
        (answer,) = await max_standin.wait_for_answers()
        assert answer.notification == FAILURE_TEXT
    assert max_standin.violations == []


async def test_too_many_requests_is_waited_out(max_standin: MaxStandIn) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        return [Reply(f"эхо: {incoming.text}")]

    max_standin.fail_next("POST /messages", 429)
    async with max_polling(max_standin, handle):
        await max_standin.user_sends_text(USER, "раз")
        (reply,) = await max_standin.wait_for_messages(USER, timeout=5)
    assert reply.text == "эхо: раз"
    refused = [c for c in max_standin.calls if c.status == 429]
    assert len(refused) == 1 and max_standin.violations == []


async def test_one_person_answered_in_order_and_stop_waits(max_standin: MaxStandIn) -> None:
    delays = {"1": 0.3, "2": 0.0, "3": 0.1}

    async def handle(incoming: Incoming) -> list[Reply]:
        await asyncio.sleep(delays[incoming.text or ""])
        return [Reply(f"ответ {incoming.text}")]

    bot = MaxBot(handle, token=max_standin.token, api_url=max_standin.url, polling_timeout=1)
    async with running(bot) as stop:
        await max_standin.wait_for_poller()
        for text in "123":
            await max_standin.user_sends_text(USER, text)
        await asyncio.sleep(0.05)
        stop.set()  # the replies in flight still go out
    assert [m.text for m in max_standin.messages_to(USER)] == ["ответ 1", "ответ 2", "ответ 3"]
    assert max_standin.violations == []


def test_updates_become_incoming() -> None:
    dialog = {"chat_id": 1, "chat_type": "dialog", "user_id": 9}
    sender = {"user_id": 5, "first_name": "Анна", "last_name": "Петрова", "is_bot": False}
    body = {"mid": "m1", "seq": 1, "text": "привет", "attachments": []}
    update = {"update_type": "message_created", "message": {"sender": sender, "body": body}}
    update["message"]["recipient"] = dialog
    assert incoming_from_update(update) == Incoming(
        Platform.MAX, "5", text="привет", display_name="Анна Петрова"
    )
    group = {
        **update,
        "message": {**update["message"], "recipient": {**dialog, "chat_type": "chat"}},
    }
    assert incoming_from_update(group) is None
    started = {"update_type": "bot_started", "user": sender, "payload": "KX7MP2THA9"}
    assert incoming_from_update(started) == Incoming(
        Platform.MAX, "5", text="/start KX7MP2THA9", display_name="Анна Петрова"
    )
    assert incoming_from_update({**started, "payload": None}).text == "/start"  # type: ignore[union-attr]


def test_a_webhook_must_be_https_on_443_with_a_secret() -> None:
    assert webhook_problem(None, None) is None
    assert webhook_problem("https://bot.school.ru/max", "secret-1") is None
    assert webhook_problem("http://bot.school.ru/max", "secret-1")
    assert webhook_problem("https://bot.school.ru:8443/max", "secret-1")
    assert webhook_problem("https://bot.school.ru/max", "abc")  # shorter than 5
    assert webhook_problem("https://bot.school.ru/max", "no spaces allowed")


async def test_webhook_takes_updates_only_with_the_secret(max_standin: MaxStandIn) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        return [Reply(f"эхо: {incoming.text}")]

    client = MaxClient(max_standin.token, max_standin.url)
    sequencer = ChatSequencer()
    app = make_webhook_app(
        MaxConversationBridge(handle, client, sequencer), "s3cret-Z", "/max", sequencer
    )
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await client.subscribe("https://bot.school.ru/max", "s3cret-Z", ["message_created"])
        max_standin.webhook_target = f"http://127.0.0.1:{port}/max"
        await max_standin.user_sends_text(USER, "привет")
        (reply,) = await max_standin.wait_for_messages(USER)
        assert reply.text == "эхо: привет"
        max_standin.world.secrets["https://bot.school.ru/max"] = "forged-secret"
        await max_standin.user_sends_text(USER, "чужой")
        assert max_standin.webhook_statuses == [200, 401]
    finally:
        await runner.cleanup()
        await client.close()
    assert [m.text for m in max_standin.messages_to(USER)] == ["эхо: привет"]
    assert max_standin.violations == []


async def test_polling_drops_an_old_webhook_and_webhook_mode_subscribes(
    max_standin: MaxStandIn,
) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        return [Reply("ok")]

    client = MaxClient(max_standin.token, max_standin.url)
    await client.subscribe("https://old.school.ru/max", "old-secret", ["message_created"])
    await client.close()
    async with max_polling(max_standin, handle):
        assert max_standin.world.subscriptions == []
    bot = MaxBot(
        handle,
        token=max_standin.token,
        api_url=max_standin.url,
        webhook_url="https://bot.school.ru/max",
        webhook_secret="new-secret",
        webhook_port=0,
    )
    async with running(bot):
        await max_standin.wait_until(lambda: bool(max_standin.world.subscriptions))
    [subscription] = max_standin.world.subscriptions
    assert subscription["url"] == "https://bot.school.ru/max"
    assert max_standin.world.secrets[subscription["url"]] == "new-secret"
    assert max_standin.violations == []
