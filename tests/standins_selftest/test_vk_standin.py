import asyncio
import io
import json
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import requests
import vk_api
from vk_api.bot_longpoll import VkBotEventType, VkBotLongPoll
from vk_api.keyboard import VkKeyboard, VkKeyboardColor
from vk_api.upload import VkUpload
from vk_api.utils import get_random_id

from bot.vk.transport import make_vk_session
from tests.standins import API_VERSION, VkStandIn

USER = 777


@pytest.fixture
async def standin() -> AsyncIterator[VkStandIn]:
    async with VkStandIn() as server:
        server.add_user(USER, "Анна", "Петрова")
        yield server


@pytest.fixture
def vk_session(standin: VkStandIn) -> Iterator[vk_api.VkApi]:
    session = vk_api.VkApi(
        token=standin.token, api_version=API_VERSION, session=make_vk_session(standin.api_url)
    )
    session.RPS_DELAY = 0.0
    yield session
    session.http.close()


def menu_keyboard() -> str:
    keyboard = VkKeyboard(inline=True)
    keyboard.add_callback_button("Оценки", VkKeyboardColor.PRIMARY, payload={"cmd": "grades"})
    keyboard.add_line()
    keyboard.add_button("Помощь", VkKeyboardColor.SECONDARY, payload={"cmd": "help"})
    return keyboard.get_keyboard()


class ThreadedBot:
    """A minimal vk_api bot, polling in a worker thread until stopped."""

    def __init__(self, session: vk_api.VkApi, group_id: int) -> None:
        self.session = session
        self.vk = session.get_api()
        self.group_id = group_id
        self.stop = threading.Event()
        self.received: list[Any] = []

    def run(self) -> None:
        longpoll = VkBotLongPoll(self.session, self.group_id, wait=1)
        try:
            while not self.stop.is_set():
                for event in longpoll.check():
                    self.received.append(event)
                    self.handle(event)
        finally:
            longpoll.session.close()

    def handle(self, event: Any) -> None:
        if event.type == VkBotEventType.MESSAGE_NEW:
            message = event.message
            text = f"Вы написали: {message.text}"
            if message.text == "меню":
                text = "Меню"
            if message.get("payload"):
                text = f"Кнопка {json.loads(message.payload)['cmd']}"
            extra = {"keyboard": menu_keyboard()} if message.text == "меню" else {}
            self.vk.messages.send(
                peer_id=message.peer_id, message=text, random_id=get_random_id(), **extra
            )
        elif event.type == VkBotEventType.MESSAGE_EVENT:
            obj = event.object
            self.vk.messages.sendMessageEventAnswer(
                event_id=obj.event_id,
                user_id=obj.user_id,
                peer_id=obj.peer_id,
                event_data=json.dumps({"type": "show_snackbar", "text": "Загружаю"}),
            )
            self.vk.messages.edit(
                peer_id=obj.peer_id,
                conversation_message_id=obj.conversation_message_id,
                message=f"Оценки ({obj.payload['cmd']}): 5",
            )


@pytest.fixture
async def running_bot(standin: VkStandIn, vk_session: vk_api.VkApi) -> AsyncIterator[ThreadedBot]:
    bot = ThreadedBot(vk_session, standin.group_id)
    worker = asyncio.create_task(asyncio.to_thread(bot.run))
    await standin.wait_for_poller()
    yield bot
    bot.stop.set()
    await standin.end_long_polls()
    await worker


async def call(vk_session: vk_api.VkApi, method: str, **values: Any) -> Any:
    return await asyncio.to_thread(vk_session.method, method, values)


async def test_message_new_round_trip(standin: VkStandIn, running_bot: ThreadedBot) -> None:
    await standin.user_sends_text(USER, "привет")
    [reply] = await standin.wait_for_messages(USER)
    assert reply.text == "Вы написали: привет"
    assert running_bot.received[0].from_user
    standin.assert_no_violations()


async def test_buttons_round_trip(standin: VkStandIn, running_bot: ThreadedBot) -> None:
    await standin.user_sends_text(USER, "меню")
    [menu] = await standin.wait_for_messages(USER)
    assert menu.button_labels() == ["Оценки", "Помощь"]
    await standin.user_presses(USER, "Оценки")
    [answer] = await standin.wait_for_event_answers()
    assert answer.event_data == {"type": "show_snackbar", "text": "Загружаю"}
    [edit] = await standin.wait_for_edits(USER)
    assert (edit.message_id, edit.text) == (menu.message_id, "Оценки (grades): 5")
    await standin.user_presses(USER, "Помощь")
    [help_reply] = await standin.wait_for_messages(USER)
    assert help_reply.text == "Кнопка help"
    assert standin.unanswered_events() == []
    standin.assert_no_violations()


async def test_send_without_random_id_is_error_100(
    standin: VkStandIn, vk_session: vk_api.VkApi
) -> None:
    with pytest.raises(vk_api.ApiError) as caught:
        await call(vk_session, "messages.send", peer_id=USER, message="x")
    assert caught.value.code == 100 and "random_id" in caught.value.error["error_msg"]
    assert len(standin.violations) == 1 and standin.sent == []


def rows(count: int, per_row: int = 1, **action: Any) -> list[list[dict[str, Any]]]:
    button = {"action": {"type": "text", "label": "x", **action}}
    return [[button] * per_row for _ in range(count)]


@pytest.mark.parametrize(
    "keyboard",
    [
        {"one_time": False, "buttons": rows(11)},
        {"inline": True, "buttons": rows(7)},
        {"one_time": False, "buttons": rows(1, per_row=6)},
        {"one_time": False, "buttons": rows(9, per_row=5)},
        {"inline": True, "buttons": rows(3, per_row=4)},
        {"inline": True, "one_time": True, "buttons": rows(1)},
        {"buttons": rows(1, label="я" * 41)},
        {"buttons": rows(1, payload=json.dumps({"data": "x" * 250}))},
        {"buttons": rows(1, payload="{not json")},
        {
            "buttons": [
                [
                    {
                        "action": {"type": "open_link", "label": "x", "link": "https://vk.com"},
                        "color": "primary",
                    }
                ]
            ]
        },
        {"buttons": [[{"action": {"type": "text", "label": "x"}, "color": "red"}]]},
        {"buttons": [[{"action": {"type": "callback"}}]]},
        {"buttons": [[{"action": {"type": "teleport", "label": "x"}}]]},
    ],
)
async def test_bad_keyboards_are_error_911(
    standin: VkStandIn, vk_session: vk_api.VkApi, keyboard: dict[str, Any]
) -> None:
    with pytest.raises(vk_api.ApiError) as caught:
        await call(
            vk_session,
            "messages.send",
            peer_id=USER,
            message="x",
            random_id=get_random_id(),
            keyboard=json.dumps(keyboard),
        )
    assert caught.value.code == 911
    assert len(standin.violations) == 1 and "911" in standin.violations[0]


async def test_valid_keyboards_pass(standin: VkStandIn, vk_session: vk_api.VkApi) -> None:
    regular = VkKeyboard(one_time=True)
    regular.add_button("Да", VkKeyboardColor.POSITIVE, payload={"a": 1})
    regular.add_line()
    regular.add_location_button()
    for keyboard in (menu_keyboard(), regular.get_keyboard(), VkKeyboard.get_empty_keyboard()):
        await call(
            vk_session,
            "messages.send",
            peer_id=USER,
            message="x",
            random_id=get_random_id(),
            keyboard=keyboard,
        )
    standin.assert_no_violations()
    assert len(standin.messages_to(USER)) == 3


async def test_limits_dedup_and_unknown_method(
    standin: VkStandIn, vk_session: vk_api.VkApi
) -> None:
    with pytest.raises(vk_api.ApiError) as too_long:
        await call(vk_session, "messages.send", peer_id=USER, message="я" * 4097, random_id=1)
    assert too_long.value.code == 914
    first = await call(vk_session, "messages.send", peer_id=USER, message="раз", random_id=5)
    again = await call(vk_session, "messages.send", peer_id=USER, message="раз", random_id=5)
    assert first == again and len(standin.messages_to(USER)) == 1
    with pytest.raises(vk_api.ApiError) as unknown:
        await call(vk_session, "messages.sendd", peer_id=USER)
    assert unknown.value.code == 3 and unknown.value.error["error_msg"] == "Unknown method passed"
    with pytest.raises(vk_api.ApiError) as snackbar:
        await call(
            vk_session,
            "messages.sendMessageEventAnswer",
            event_id="nope",
            user_id=USER,
            peer_id=USER,
            event_data=json.dumps({"type": "show_snackbar", "text": "x"}),
        )
    assert snackbar.value.code == 100
    assert len(standin.violations) == 3


async def test_blocked_user_and_injected_errors(
    standin: VkStandIn, vk_session: vk_api.VkApi
) -> None:
    standin.block_user(USER)
    with pytest.raises(vk_api.ApiError) as blocked:
        await call(vk_session, "messages.send", peer_id=USER, message="x", random_id=1)
    assert blocked.value.code == 901
    standin.unblock_user(USER)
    standin.fail_next("messages.send", error_code=6)
    await call(vk_session, "messages.send", peer_id=USER, message="x", random_id=2)
    assert [c.error_code for c in standin.calls if c.method == "messages.send"] == [901, 6, None]
    standin.fail_next("messages.send", error_code=9)
    with pytest.raises(vk_api.ApiError) as flood:
        await call(vk_session, "messages.send", peer_id=USER, message="x", random_id=3)
    assert flood.value.code == 9
    standin.assert_no_violations()


async def test_rate_limit_returns_error_6() -> None:
    async with VkStandIn(rate_limit=True) as limited:

        def burst() -> list[Any]:
            with requests.Session() as http:
                return [
                    http.post(
                        f"{limited.url}/method/users.get",
                        data={"access_token": limited.token, "v": API_VERSION, "user_ids": "1"},
                    ).json()
                    for _ in range(21)
                ]

        answers = await asyncio.to_thread(burst)
    assert all("response" in a for a in answers[:20])
    assert answers[20]["error"]["error_code"] == 6
    assert limited.violations == []


async def test_document_upload_is_recorded(standin: VkStandIn, vk_session: vk_api.VkApi) -> None:
    upload = VkUpload(vk_session)

    def send_document() -> None:
        saved = upload.document_message(
            io.BytesIO(b"%PDF-1.4 report"), title="report.pdf", peer_id=USER
        )
        doc = saved["doc"]
        vk_session.method(
            "messages.send",
            {
                "peer_id": USER,
                "random_id": get_random_id(),
                "message": "Отчёт",
                "attachment": f"doc{doc['owner_id']}_{doc['id']}",
            },
        )

    try:
        await asyncio.to_thread(send_document)
    finally:
        upload.http.close()
    [sent] = standin.messages_to(USER)
    assert [f.data for f in sent.files] == [b"%PDF-1.4 report"]
    standin.assert_no_violations()


def test_make_vk_session_rewrites_only_a_custom_url() -> None:
    plain = make_vk_session("https://api.vk.com/")
    assert plain.get_adapter("https://api.vk.ru/method/x").__class__.__name__ == "HTTPAdapter"
    plain.close()
    custom = make_vk_session("http://127.0.0.1:9/")
    adapter = custom.get_adapter("https://api.vk.com/method/users.get")
    assert getattr(adapter, "target", None) == "http://127.0.0.1:9/"
    assert custom.get_adapter("https://api.vk.ru/method/users.get") is adapter
    custom.close()


async def test_long_poll_key_expiry_is_survived(
    standin: VkStandIn, running_bot: ThreadedBot
) -> None:
    standin.expire_long_poll_key()
    await standin.user_sends_text(USER, "раз")
    await standin.wait_for_messages(USER)
    await standin.wait_for_poller()
    await standin.user_sends_text(USER, "два")
    [reply] = await standin.wait_for_messages(USER)
    assert reply.text == "Вы написали: два"
    assert [c.method for c in standin.calls].count("groups.getLongPollServer") == 2
    standin.assert_no_violations()


async def test_other_api_versions_are_flagged(standin: VkStandIn) -> None:
    session = vk_api.VkApi(token=standin.token, session=make_vk_session(standin.api_url))
    try:
        await asyncio.to_thread(session.method, "users.get", {"user_ids": USER})
    finally:
        session.http.close()
    assert standin.violations == ["users.get: API version 5.92, the stand-in speaks 5.199"]
