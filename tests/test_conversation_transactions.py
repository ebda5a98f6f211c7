"""One message, one transaction: what a reply costs, and what a refusal undoes or keeps."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from db.enums import Platform
from db.models import ChatAccount
from handlers.core import routing
from handlers.core.menu import menu_reply
from handlers.core.turn import Turn
from keyboards.actions.family import Marks
from services.chat.accounts import account_status, select_pupil
from services.chat.standing import chat_standing
from services.context import Ctx, Journal
from services.errors import AccessDenied, JournalError
from services.invites.redeeming import MAX_FAILED_ATTEMPTS, TOO_MANY_ATTEMPTS
from services.people.actor import Actor
from tests.read_rows import reader_statements
from tests.reader_check import is_the_check
from tests.test_conversation_kit import Chat, add_records, invite_code, linked_chat
from tests.test_conversation_linking import stranger
from tests.tiny_school import TinySchool
from texts import phrases

# A guardian's everyday questions: the chat's standing (with the rows of the access check of
# the child the chat shows), the data (the schedule adds its holidays). A regression past
# these is worth a look at the profile.
STATEMENTS = {"Оценки": 2, "Домашнее задание": 2, "Расписание": 3}


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[dict[str, int]]:
    seen = {
        "statements": 0,
        "writes": 0,
        "transactions": 0,
        "in_a_transaction": 0,
        "session_transactions": 0,
    }

    def statement(conn: Connection, _cursor: object, sql: str, *_args: object) -> None:
        if is_the_check(conn):
            return
        seen["statements"] += 1
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            seen["writes"] += 1
        if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            seen["in_a_transaction"] += 1

    def began(conn: Connection) -> None:
        if not is_the_check(conn):
            seen["transactions"] += 1

    def session_began(*_args: object) -> None:
        seen["session_transactions"] += 1

    listeners: list[tuple[object, str, Callable[..., None]]] = [
        (engine.sync_engine, "before_cursor_execute", statement),
        (engine.sync_engine, "begin", began),
        (Session, "after_begin", session_began),
    ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        with reader_statements() as read:  # SQLite's: SELECTs of their own, in no transaction
            yield seen
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)
        seen["statements"] += len(read)


async def test_a_question_is_one_transaction_of_few_reads(
    journal: Journal, engine: AsyncEngine, tiny: TinySchool
) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    for question in ("Оценки", "Домашнее задание", "Расписание", "Оценки"):
        with counting(engine) as seen:
            await chat.send(question)
        assert "Иван, 5А" in chat.text
        # Reads before any write need no BEGIN and COMMIT (on PostgreSQL two more round trips),
        # nor the session's transaction bookkeeping; on SQLite they need none of the async
        # driver's hand-offs to its thread either.
        assert seen["in_a_transaction"] == 0, question
        assert seen["session_transactions"] == 0, question
        if engine.dialect.name == "sqlite":
            assert seen["transactions"] == 0, question
        assert seen["writes"] == 0, question
        assert seen["statements"] == STATEMENTS[question], (question, seen)


async def test_reads_after_a_write_see_it_and_the_write_is_all_or_nothing(
    journal: Journal, tiny: TinySchool
) -> None:
    """Reads before the first write may run outside a transaction; from the first write on,
    everything runs in the operation's one transaction."""
    await g1_selected(journal, tiny)

    async def switch_read_then_fail(ctx: Ctx) -> None:
        before = await chat_standing(ctx, Platform.TELEGRAM, "100")
        assert before.status.selected_pupil_id == tiny.people["a1"]
        await ctx.session.execute(
            update(ChatAccount)
            .where(ChatAccount.external_id == "100")
            .values(selected_pupil_id=tiny.people["b1"])
        )
        after = await chat_standing(ctx, Platform.TELEGRAM, "100")
        assert after.status.selected_pupil_id == tiny.people["b1"]
        raise RuntimeError("a failure after the write")

    with pytest.raises(RuntimeError):
        await journal.run(switch_read_then_fail)
    assert await selected(journal) == tiny.people["a1"]


async def g1_selected(journal: Journal, tiny: TinySchool) -> Chat:
    chat = await linked_chat(journal, tiny, "g1")
    await chat.press("Иван, 5А")
    return chat


async def selected(journal: Journal) -> int | None:
    return (await journal.run(account_status, Platform.TELEGRAM, "100")).selected_pupil_id


async def test_a_refusal_rolls_back_what_the_message_wrote(
    journal: Journal, tiny: TinySchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = await g1_selected(journal, tiny)
    assert await selected(journal) == tiny.people["a1"]

    async def switch_then_refuse(turn: Turn, press: Marks) -> list[object]:
        await turn.run(select_pupil, turn.platform, turn.account, tiny.people["b1"])
        raise AccessDenied("Нет доступа к данным этого ученика.")

    monkeypatch.setitem(routing.ROUTES, Marks, switch_then_refuse)
    await chat.press("Оценки")
    assert chat.text == "Нет доступа к данным этого ученика."
    assert "Оценки" in chat.labels
    assert await selected(journal) == tiny.people["a1"]


async def test_a_refusal_caught_by_a_handler_still_undoes_its_writes(
    journal: Journal, tiny: TinySchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = await g1_selected(journal, tiny)

    async def half_written(ctx: Ctx, actor: Actor) -> None:
        await ctx.session.execute(
            update(ChatAccount)
            .where(ChatAccount.external_id == "100")
            .values(selected_pupil_id=tiny.people["b1"])
        )
        raise AccessDenied("Нельзя.")

    async def answer_the_refusal(turn: Turn, press: Marks) -> list[object]:
        try:
            await turn.run(half_written)
        except JournalError as refusal:
            return [menu_reply(turn.viewer, note=refusal.message)]
        return []

    monkeypatch.setitem(routing.ROUTES, Marks, answer_the_refusal)
    await chat.press("Оценки")
    assert chat.text.startswith("Нельзя.")
    assert await selected(journal) == tiny.people["a1"]


async def test_a_question_left_behind_stays_behind_after_a_refusal(
    journal: Journal, tiny: TinySchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = await linked_chat(journal, tiny, "g2")

    async def refuse(turn: Turn, press: Marks) -> list[object]:
        raise AccessDenied("Нет доступа к данным этого ученика.")

    monkeypatch.setitem(routing.ROUTES, Marks, refuse)
    marks = chat.button("Оценки").payload
    await chat.send("/forget")
    await chat.send_payload(marks)  # refused: rolled back, yet the question is no longer asked
    assert chat.text == "Нет доступа к данным этого ученика."
    await chat.send("да")
    assert phrases.NOT_UNDERSTOOD in chat.text
    assert (await journal.run(account_status, Platform.TELEGRAM, "100")).exists


async def test_wrong_codes_count_and_lock_the_chat_out(journal: Journal, tiny: TinySchool) -> None:
    chat = stranger(journal)
    for _ in range(MAX_FAILED_ATTEMPTS):
        await chat.send("/start KKKK-KKKK-KK")
        assert "Такого кода нет" in chat.text
        assert phrases.CODE_RETRY in chat.text
    await chat.send(f"/start {await invite_code(journal, tiny, 'g2')}")
    # One message that says what to do: wait, then send the code again; not "try again now".
    assert chat.text == phrases.CODE_REFUSED.format(reason=TOO_MANY_ATTEMPTS)
    assert phrases.CODE_RETRY not in chat.text
    assert (await journal.run(account_status, Platform.TELEGRAM, "100")).person_id is None


async def test_writing_again_unblocks_the_chat(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "g2")

    async def block(ctx: Ctx) -> None:
        await ctx.session.execute(update(ChatAccount).values(is_blocked=True))

    async def blocked(ctx: Ctx) -> bool | None:
        return await ctx.session.scalar(select(ChatAccount.is_blocked))

    await journal.run(block)
    await chat.send("Оценки")
    assert await journal.run(blocked) is False
    await journal.run(block)
    await chat.send("/start KKKK-KKKK-KK")  # refused, and still unblocked
    assert await journal.run(blocked) is False
