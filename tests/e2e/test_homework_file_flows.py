"""Homework with a photo and a document through the real bots: the teacher sends them, the
adapter downloads them from the stand-in (Telegram's getFile and /file/, VK's links), a
guardian gets them back; a voice message and a sticker are refused with nothing stored."""

import asyncio
from typing import Any

from bot.telegram.adapter import PHOTO_SEND_LIMIT, deliver, make_bot
from bot.vk.adapter import incoming_from_message
from db.models import Homework, HomeworkAttachment
from handlers.core.io import PHOTO, Attachment, Reply
from services.context import Journal
from tests.e2e.conftest import Handle, invite_code, on_sqlite, telegram_polling, vk_polling
from tests.standins import TelegramStandIn, VkStandIn
from tests.test_conversation_kit import invite_code as staff_code
from tests.tiny_school import TinySchool
from tests.write_support import count, rows
from texts import homework_file_phrases, phrases, staff_phrases

TEACHER, PARENT = 611, 612
JPEG = b"\xff\xd8\xff\xe0" + b"photo of page 30" + bytes(200)
PDF = b"%PDF-1.4 worksheet for 5A"


async def on_telegram(telegram: TelegramStandIn, chat: int, action: Any, n: int = 1) -> str:
    await action
    got = await telegram.wait_for_messages(chat, n)
    return "\n".join(m.plain_text or "" for m in got)


@on_sqlite
async def test_on_telegram(
    telegram: TelegramStandIn, handle: Handle, journal: Journal, tiny: TinySchool
) -> None:
    teacher_code = await staff_code(journal, tiny, "math")
    parent_code = await invite_code(journal, tiny, "g2")
    async with telegram_polling(telegram, handle):
        await on_telegram(
            telegram, TEACHER, telegram.user_sends_text(TEACHER, f"/start {teacher_code}"), 2
        )
        await on_telegram(telegram, TEACHER, telegram.user_presses(TEACHER, phrases.AGREE))
        await on_telegram(telegram, TEACHER, telegram.user_presses(TEACHER, staff_phrases.LESSONS))
        await telegram.user_presses(TEACHER, "1. 5А Математика")
        await telegram.wait_for_edits(TEACHER)
        await telegram.user_presses(TEACHER, staff_phrases.CARD_HOMEWORK)
        (ask,) = await telegram.wait_for_edits(TEACHER)
        assert ask.plain_text is not None and homework_file_phrases.FILE_HINT in ask.plain_text

        refused = await on_telegram(telegram, TEACHER, telegram.user_sends_other(TEACHER, "voice"))
        assert refused == homework_file_phrases.WRONG_KIND.format(what="Голосовое сообщение")
        saved = await on_telegram(
            telegram, TEACHER, telegram.user_sends_photo(TEACHER, JPEG, "Упр. 5 на стр. 30")
        )
        assert (
            saved.startswith(staff_phrases.HOMEWORK_SAVED)
            and homework_file_phrases.MORE_FILES in saved
        )
        joined = await on_telegram(
            telegram,
            TEACHER,
            telegram.user_sends_document(TEACHER, PDF, "Карточка 5А.pdf", "application/pdf"),
        )
        assert homework_file_phrases.SAVED.format(names="Карточка 5А.pdf") in joined
        sticker = await on_telegram(
            telegram, TEACHER, telegram.user_sends_other(TEACHER, "sticker")
        )
        assert sticker.startswith("Стикер к заданию не прикрепить")

        await on_telegram(
            telegram, PARENT, telegram.user_sends_text(PARENT, f"/start {parent_code}"), 2
        )
        await on_telegram(telegram, PARENT, telegram.user_presses(PARENT, phrases.AGREE))
        await on_telegram(telegram, PARENT, telegram.user_presses(PARENT, phrases.HOMEWORK))
        await telegram.user_presses(PARENT, phrases.HOMEWORK_WEEK)
        (week,) = await telegram.wait_for_messages(PARENT)
        assert week.plain_text is not None and "📎 файл: Карточка 5А.pdf" in week.plain_text
        photo_button = "📎 Математика: фото"
        assert week.button_labels()[:2] == [photo_button, "📎 Математика: Карточка 5А.pdf"]
        await telegram.user_presses(PARENT, "📎 Математика: Карточка 5А.pdf")
        (document,) = await telegram.wait_for_messages(PARENT)
        await telegram.user_presses(PARENT, phrases.HOMEWORK_WEEK)
        await telegram.wait_for_messages(PARENT)
        await telegram.user_presses(PARENT, photo_button)
        (photo,) = await telegram.wait_for_messages(PARENT)

    assert document.method == "sendDocument" and document.document is not None
    assert (document.document.filename, document.document.data) == ("Карточка 5А.pdf", PDF)
    assert photo.method == "sendPhoto" and photo.params["photo"].data == JPEG
    assert document.text == "Математика — задание на пт, 20 ноября"
    [homework] = await rows(journal, Homework)
    assert homework.text == "Упр. 5 на стр. 30"
    assert len(telegram.downloads) == 2  # the photo's biggest size and the document, no more
    assert [c.method for c in telegram.calls].count("getFile") == 2
    assert await count(journal, HomeworkAttachment) == 2
    assert telegram.unanswered_callback_queries() == []
    assert telegram.violations == []


async def vk_one(vk: VkStandIn, peer: int, action: Any, n: int = 1) -> str:
    await action
    return "\n".join(m.text for m in await vk.wait_for_messages(peer, n))


@on_sqlite
async def test_on_vk(vk: VkStandIn, handle: Handle, journal: Journal, tiny: TinySchool) -> None:
    teacher_code = await staff_code(journal, tiny, "math")
    parent_code = await invite_code(journal, tiny, "g2")
    async with vk_polling(vk, handle):
        await vk_one(vk, TEACHER, vk.user_sends_text(TEACHER, teacher_code), 2)
        await vk_one(vk, TEACHER, vk.user_presses(TEACHER, phrases.AGREE))
        # Outside the flow a file is refused, and not downloaded.
        outside = await vk_one(
            vk,
            TEACHER,
            vk.user_sends_attachments(TEACHER, [vk.doc_attachment(TEACHER, PDF, "a.pdf")]),
        )
        assert outside.startswith(homework_file_phrases.NOT_HERE)
        await vk_one(vk, TEACHER, vk.user_presses(TEACHER, staff_phrases.LESSONS))
        await vk.user_presses(TEACHER, "1. 5А Математика")
        await vk.wait_for_edits(TEACHER)
        await vk.user_presses(TEACHER, staff_phrases.CARD_HOMEWORK)
        await vk.wait_for_edits(TEACHER)

        voice = await vk_one(
            vk, TEACHER, vk.user_sends_attachments(TEACHER, [vk.other_attachment("audio_message")])
        )
        assert voice == homework_file_phrases.WRONG_KIND.format(what="Голосовое сообщение")
        both = [vk.photo_attachment(TEACHER, JPEG), vk.doc_attachment(TEACHER, PDF, "Карточка.pdf")]
        saved = await vk_one(vk, TEACHER, vk.user_sends_attachments(TEACHER, both, "Упр. 5"))
        assert saved.startswith(staff_phrases.HOMEWORK_SAVED)
        assert homework_file_phrases.SAVED.format(names="фото.jpg, Карточка.pdf") in saved

        await vk_one(vk, PARENT, vk.user_sends_text(PARENT, parent_code), 2)
        await vk_one(vk, PARENT, vk.user_presses(PARENT, phrases.AGREE))
        await vk_one(vk, PARENT, vk.user_presses(PARENT, phrases.HOMEWORK))
        await vk.user_presses(PARENT, phrases.HOMEWORK_WEEK)
        (week,) = await vk.wait_for_messages(PARENT)
        assert "Упр. 5\n  📎 фото\n  📎 файл: Карточка.pdf" in week.text
        await vk.user_presses(PARENT, "📎 Математика: Карточка.pdf")
        (document,) = await vk.wait_for_messages(PARENT)

    assert document.attachments[0].startswith("doc") and document.files[0].data == PDF
    assert document.text == "Математика — задание на пт, 20 ноября"
    stored = {f.filename: f.size for f in await rows(journal, HomeworkAttachment)}
    assert stored == {"фото.jpg": len(JPEG), "Карточка.pdf": len(PDF)}
    # The photo's biggest size was fetched (it is listed first), the thumbnail never.
    assert sorted(vk.downloads) == [f"doc{TEACHER}_4", "impg/f2.jpg"]
    assert vk.unanswered_events() == []
    assert vk.violations == []


def test_vk_attachments_become_files() -> None:
    fetched: list[str] = []

    async def fetch(url: str, limit: int) -> bytes:
        fetched.append(url)
        return b""

    doc = {"id": 1, "owner_id": 5, "title": "Карточка", "ext": "docx", "size": 10, "url": "u1"}
    sizes = [{"type": "s", "url": "small", "width": 75, "height": 56}]
    sizes += [{"type": "x", "url": "big", "width": 604, "height": 453}]
    message = {
        "from_id": 5,
        "peer_id": 5,
        "text": "Упр. 1",
        "attachments": [
            {"type": "doc", "doc": doc},
            {"type": "photo", "photo": {"id": 2, "owner_id": 5, "sizes": sizes}},
            {"type": "sticker", "sticker": {}},
        ],
    }
    incoming = incoming_from_message(message, fetch)
    assert incoming is not None and incoming.text == "Упр. 1"
    found = [(f.kind, f.filename, f.size) for f in incoming.files]
    assert found == [
        ("document", "Карточка.docx", 10),
        ("photo", "photo_5_2.jpg", None),
        ("sticker", "", None),
    ]
    assert incoming.files[2].fetch is None
    for file in incoming.files[:2]:
        assert file.fetch is not None
        asyncio.run(file.fetch(100))
    assert fetched == ["u1", "big"]


async def test_telegram_sends_a_photo_over_10_mb_as_a_document(
    telegram: TelegramStandIn,
) -> None:
    telegram.add_chat(PARENT)
    bot = make_bot(telegram.token, telegram.url)
    big = Attachment("scan.jpg", JPEG + bytes(PHOTO_SEND_LIMIT), PHOTO)
    try:
        await deliver(bot, PARENT, [Reply("Скан", attachment=big)])
        await deliver(bot, PARENT, [Reply("Фото", attachment=Attachment("p.jpg", JPEG, PHOTO))])
    finally:
        await bot.session.close()
    document, photo = await telegram.wait_for_messages(PARENT, 2)
    assert (document.method, photo.method) == ("sendDocument", "sendPhoto")
    assert document.document is not None and len(document.document.data) == len(big.content)
    assert telegram.violations == []
