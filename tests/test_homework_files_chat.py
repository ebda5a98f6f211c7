"""Files in the conversation: a teacher sends a photo or a document in the homework flow,
guardians get it by a button; anything else is refused with the reason and nothing stored."""

from db.enums import Platform
from db.models import Homework, HomeworkAttachment
from handlers.core.io import FileTooLarge, Incoming, IncomingFile, Reply
from keyboards.actions.family import HomeworkFile
from keyboards.payloads import pack
from services.context import Journal
from services.lessons.homework_files import FILE_LIMIT_BYTES, NewFile
from services.lessons.notes import set_homework
from tests.staff_kit import PlatformChat, staff_chat
from tests.test_conversation_kit import Chat, linked_chat
from tests.test_homework_files import JPEG, PDF
from tests.test_staff_homework import first_lesson
from tests.tiny_school import TinySchool
from tests.write_support import actor, count, rows
from texts import homework_file_phrases, phrases, staff_phrases


class Fetches:
    """IncomingFiles whose downloads are counted: a refused file is never downloaded."""

    def __init__(self) -> None:
        self.done: list[str] = []

    def file(
        self, kind: str, name: str = "", content: bytes = b"", size: int | None = None
    ) -> IncomingFile:
        async def fetch(limit: int) -> bytes:
            self.done.append(name)
            if len(content) > limit:
                raise FileTooLarge(name)
            return content

        return IncomingFile(kind, name, "", size, fetch)


async def send_files(chat: Chat, *files: IncomingFile, caption: str = "") -> list[Reply]:
    platform = getattr(chat, "platform", Platform.TELEGRAM)
    return await chat._send(Incoming(platform, chat.account, text=caption, files=files))


async def teacher_in_flow(journal: Journal, tiny: TinySchool) -> PlatformChat:
    chat = await staff_chat(journal, tiny, "math")
    await first_lesson(chat)
    await chat.press(staff_phrases.CARD_HOMEWORK)
    assert homework_file_phrases.FILE_HINT in chat.text
    return chat


async def test_a_photo_with_a_caption_is_the_homework_and_more_files_join_it(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await teacher_in_flow(journal, tiny)
    got = Fetches()
    await send_files(chat, got.file("photo", "photo_1.jpg", JPEG), caption="Упр. 5 на стр. 30")
    assert chat.text.startswith(staff_phrases.HOMEWORK_SAVED)
    assert (
        homework_file_phrases.SAVED.format(names="фото.jpg") in chat.text
        and homework_file_phrases.MORE_FILES in chat.text
    )
    await send_files(chat, got.file("document", "Карточка.pdf", PDF), caption="ещё")
    assert (
        homework_file_phrases.SAVED.format(names="Карточка.pdf") in chat.text
        and homework_file_phrases.CAPTION_DROPPED in chat.text
    )
    [homework] = await rows(journal, Homework)
    assert homework.text == "Упр. 5 на стр. 30"
    files = await rows(journal, HomeworkAttachment)
    assert [(f.kind, f.filename, f.homework_id) for f in files] == [
        ("photo", "фото.jpg", homework.id),
        ("document", "Карточка.pdf", homework.id),
    ]
    await chat.send("Ещё что-то")  # the flow steps aside: text is just text again
    assert phrases.NOT_UNDERSTOOD in chat.text
    await send_files(chat, got.file("document", "late.pdf", PDF))
    assert chat.text.startswith(homework_file_phrases.NOT_HERE)
    assert await count(journal, HomeworkAttachment) == 2 and got.done == [
        "photo_1.jpg",
        "Карточка.pdf",
    ]


async def test_a_file_without_a_caption_and_for_chosen_pupils(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await teacher_in_flow(journal, tiny)
    await chat.press(staff_phrases.HOMEWORK_PICK)
    await chat.press("☐ Петрова А.")
    await chat.press(staff_phrases.HOMEWORK_PICKED)
    assert homework_file_phrases.FILE_HINT in chat.text
    await send_files(chat, Fetches().file("document", "Анне.docx", b"PK\x03\x04"))
    assert "Индивидуальное задание записано: Петрова А." in chat.text
    [homework] = await rows(journal, Homework)
    assert (homework.text, homework.is_individual) == (homework_file_phrases.IN_FILE, True)


async def test_refused_files_are_not_downloaded_nor_stored(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await teacher_in_flow(journal, tiny)
    got = Fetches()
    await send_files(chat, got.file("voice"))
    assert chat.text == homework_file_phrases.WRONG_KIND.format(what="Голосовое сообщение")
    await send_files(chat, got.file("sticker"), got.file("photo", "p.jpg", JPEG))
    assert chat.text.startswith("Стикер к заданию не прикрепить")
    huge = FILE_LIMIT_BYTES + 1
    await send_files(chat, got.file("document", "big.pdf", size=huge), caption="Задание")
    assert chat.text.startswith("Файл «big.pdf» больше 20 МБ")
    assert got.done == []
    # The size unknown beforehand (VK's photos): the download stops at the limit.
    await send_files(chat, got.file("photo", "vk.jpg", b"\xff\xd8\xff" + bytes(huge)))
    assert chat.text.startswith("Файл «vk.jpg» больше 20 МБ") and got.done == ["vk.jpg"]
    await send_files(chat, IncomingFile("document", "gone.pdf"))  # the messenger lost it
    assert chat.text == homework_file_phrases.UNAVAILABLE
    assert await count(journal, Homework) == 0 and await count(journal, HomeworkAttachment) == 0
    await chat.send("Упр. 7")  # still in the flow after every refusal
    assert chat.text.startswith(staff_phrases.HOMEWORK_SAVED)


async def test_files_outside_the_homework_flow(journal: Journal, tiny: TinySchool) -> None:
    got = Fetches()
    teacher = await staff_chat(journal, tiny, "math")
    await send_files(teacher, got.file("photo", "p.jpg", JPEG), caption="Упр. 5")
    assert (
        teacher.text.startswith(homework_file_phrases.NOT_HERE)
        and staff_phrases.NOW in teacher.labels
    )
    parent = await linked_chat(journal, tiny, "g2", account="300")
    await send_files(parent, got.file("document", "справка.pdf", PDF))
    assert parent.text.startswith(homework_file_phrases.NOT_HERE)
    stranger = Chat(parent.conversation, "301")
    await send_files(stranger, got.file("document", "x.pdf", PDF))
    assert stranger.text.startswith(homework_file_phrases.NOT_HERE)
    assert got.done == [] and await count(journal, Homework) == 0


async def test_guardians_see_the_file_and_get_it_by_its_button(
    journal: Journal, tiny: TinySchool
) -> None:
    math = await actor(journal, tiny, "math")
    photo = NewFile("photo", "", "", JPEG)
    files = [photo, NewFile("document", "worksheet.pdf", "", PDF), photo]
    await journal.run(set_homework, math, tiny.lessons["math-today"], "Упр. 3", files=files)
    await journal.run(set_homework, math, tiny.lessons["5Б-math-today"], "5Б", files=files[1:2])
    await journal.run(set_homework, math, tiny.lessons["math-fri"], "Стр. 9", files=[photo])
    parent = await linked_chat(journal, tiny, "g2")
    await parent.press(phrases.HOMEWORK)
    await parent.press(phrases.HOMEWORK_WEEK)
    assert "• Математика: Упр. 3\n  📎 фото: 2\n  📎 файл: worksheet.pdf\n" in parent.text
    assert "• Математика: Стр. 9\n  📎 фото" in parent.text
    assert parent.labels[:4] == [
        "📎 Математика: фото 1",
        "📎 Математика: worksheet.pdf",
        "📎 Математика: фото 2",
        "📎 Математика: фото",
    ]
    await parent.press("📎 Математика: worksheet.pdf")
    [reply] = parent.replies
    assert reply.attachment is not None and reply.text == "Математика — задание на пт, 20 ноября"
    assert (reply.attachment.filename, reply.attachment.content) == ("worksheet.pdf", PDF)
    assert reply.attachment.kind == "document"
    await parent.press(phrases.HOMEWORK_WEEK)
    await parent.press("📎 Математика: фото 2")
    [reply] = parent.replies
    assert reply.attachment is not None and reply.attachment.kind == "photo"
    assert (reply.attachment.filename, reply.attachment.content) == ("фото.jpg", JPEG)
    # A forged button for 5Б's file (not this parent's child's class) gives nothing.
    fivebe = await rows(journal, HomeworkAttachment, HomeworkAttachment.id == 4)
    assert [f.filename for f in fivebe] == ["worksheet.pdf"]
    forged = HomeworkFile(pupil=tiny.people["a1"], file=4)
    await parent.send_payload(pack(forged))
    assert parent.replies[0].attachment is None and "Файл не найден" in parent.text
    await parent.send_payload(pack(HomeworkFile(pupil=tiny.people["a2"], file=4)))
    assert parent.replies[0].attachment is None and phrases.STALE_BUTTON in parent.text
