"""The MAX stand-in refuses what MAX refuses: driven through the raw client, not the adapter."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.max.client import MaxApiError, MaxClient, message_body
from tests.standins import MaxStandIn

USER = 41


@pytest.fixture
async def standin() -> AsyncIterator[MaxStandIn]:
    async with MaxStandIn() as max_api:
        max_api.add_user(USER)
        yield max_api


@pytest.fixture
async def client(standin: MaxStandIn) -> AsyncIterator[MaxClient]:
    api = MaxClient(standin.token, standin.url)
    yield api
    await api.close()


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": "inline_keyboard", "payload": {"buttons": [list(buttons)]}}


async def refused(call: Any) -> MaxApiError:
    with pytest.raises(MaxApiError) as caught:
        await call
    return caught.value


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({**message_body("x"), "parse_mode": "html"}, "parse_mode is not a field"),
        (message_body("я" * 4001), "longer than 4000"),
        (
            message_body("x", [keyboard({"type": "callback", "text": "я" * 129, "payload": "p"})]),
            "longer than 128",
        ),
        (
            message_body(
                "x", [keyboard({"type": "callback", "text": "ok", "payload": "p" * 1025})]
            ),
            "longer than 1024",
        ),
        (
            message_body("x", [keyboard({"type": "callback", "text": "", "payload": "p"})]),
            "shorter",
        ),
        (message_body("x", [keyboard({"type": "telepathy", "text": "ok"})]), "is not one of"),
        (
            message_body("x", [keyboard(*[{"type": "callback", "text": "b", "payload": "p"}] * 8)]),
            "row 0",
        ),
        ({"text": "x", "attachments": []}, "link is required"),
    ],
)
async def test_a_message_off_the_spec_is_refused(
    standin: MaxStandIn, client: MaxClient, body: dict[str, Any], says: str
) -> None:
    error = await refused(client.send(USER, body))
    assert error.status == 400 and says in error.message
    assert len(standin.violations) == 1 and standin.sent == []


async def test_a_message_to_someone_who_never_wrote_or_blocked_the_bot(
    standin: MaxStandIn, client: MaxClient
) -> None:
    stranger = await refused(client.send(999, message_body("Здравствуйте")))
    standin.block_user(USER)
    blocked = await refused(client.send(USER, message_body("Здравствуйте")))
    assert (stranger.status, blocked.status, blocked.code) == (404, 403, "chat.denied")
    assert standin.violations == []  # people's doing, not the bot's


async def test_an_empty_answer_and_a_second_answer_are_refused(
    standin: MaxStandIn, client: MaxClient
) -> None:
    sent = await client.send(
        USER,
        message_body(
            "Меню", [keyboard({"type": "callback", "text": "Оценки", "payload": "marks"})]
        ),
    )
    await standin.user_presses(USER, "Оценки")
    [callback_id] = standin.unanswered_callbacks()
    assert (await refused(client.answer(callback_id, {}))).status == 400
    await client.answer(callback_id, {"message": message_body("Оценки: 5")})
    assert (await refused(client.answer(callback_id, {"notification": "ещё"}))).status == 400
    [edit] = [m for m in standin.sent if m.method == "edit"]
    assert (edit.mid, edit.text, edit.keyboard) == (sent["body"]["mid"], "Оценки: 5", None)
    assert len(standin.violations) == 2


async def test_a_wrong_token_and_an_unknown_route(standin: MaxStandIn) -> None:
    wrong = MaxClient("not-the-token", standin.url)
    client = MaxClient(standin.token, standin.url)
    try:
        assert (await refused(wrong.me())).status == 401
        assert (await refused(client.call("GET", "/nothing"))).status == 404
        assert (await refused(client.call("PATCH", "/messages", body={}))).status == 405
    finally:
        await wrong.close()
        await client.close()


async def test_an_upload_is_not_ready_at_once_and_a_file_goes_alone(
    standin: MaxStandIn, client: MaxClient
) -> None:
    payload = await client.upload("file", "card.pdf", b"%PDF-1.4")
    file = {"type": "file", "payload": payload}
    not_ready = await refused(client.send(USER, message_body("Задание", [file])))
    assert not_ready.code == "attachment.not.ready"
    await asyncio.sleep(standin.not_ready_for)
    with_buttons = [file, keyboard({"type": "callback", "text": "ok", "payload": "p"})]
    assert (
        "only attachment"
        in (await refused(client.send(USER, message_body("x", with_buttons)))).message
    )
    await client.send(USER, message_body("Задание", [file]))
    [message] = standin.messages_to(USER)
    assert [(kind, u.filename, u.data) for kind, u in message.files] == [
        ("file", "card.pdf", b"%PDF-1.4")
    ]


async def test_thirty_requests_a_second(client: MaxClient) -> None:
    async with MaxStandIn(rate_limit=True) as limited:
        api = MaxClient(limited.token, limited.url)
        try:
            answers = await asyncio.gather(*(api.me() for _ in range(35)), return_exceptions=True)
        finally:
            await api.close()
    refusals = [a for a in answers if isinstance(a, MaxApiError)]
    assert len(refusals) == 5 and {r.status for r in refusals} == {429}
    assert limited.violations == []
