"""Typed text while a mark is being put is read in the flow's terms (a mark, a work type, a
"да"), and anything else is answered on the same screen without losing the draft; in the
terminal a "5" typed on the marks' keyboard is the mark 5, not the fifth button."""

from bot.terminal_chat import event_for
from db.enums import Platform
from db.models import Mark
from services.context import Journal
from tests.staff_kit import staff_chat
from tests.test_staff_marks import marks_of_first_lesson
from tests.tiny_school import TinySchool
from tests.write_support import rows
from texts import staff_phrases


async def test_a_mark_typed_from_value_to_confirmation(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press("Иванов И.")
    for typed, answer in (
        ("5-", "в журнале отметки без плюсов и минусов"),
        ("н", "«н» — это не отметка"),
        ("пять с плюсом", "«пять с плюсом» — не отметка"),
    ):
        await chat.send(typed)
        assert answer in chat.text, (typed, chat.text)
        assert "Иванов Иван · 5А · Математика" in chat.text and "5" in chat.labels
    await chat.send("5")
    assert "Отметка 5. За какой вид работы?" in chat.text
    await chat.send("Диктант")
    assert "Такого вида работы нет: «Диктант»" in chat.text
    assert "Отметка 5. За какой вид работы?" in chat.text and "Контрольная работа" in chat.labels
    await chat.send("4")  # another value, still waiting for the work type
    assert "Отметка 4. За какой вид работы?" in chat.text
    await chat.send("Контрольная работа")
    assert staff_phrases.MARK_ASK_COMMENT in chat.text
    await chat.send("Хорошо, но есть ошибки")
    assert "Иванов Иван: поставить отметку 4 (к/р)?" in chat.text
    await chat.send("подумаю")
    assert "Чтобы сохранить, нажмите «Поставить»" in chat.text
    assert "Комментарий: «Хорошо, но есть ошибки»" in chat.text
    assert await rows(journal, Mark) == []
    await chat.send("Да")
    assert "Отметка 4 (к/р) поставлена: Иванов И." in chat.text
    [mark] = await rows(journal, Mark)
    assert (mark.pupil_id, mark.value, mark.work_type_id, mark.comment) == (
        tiny.people["a1"],
        4,
        tiny.work_types["control"],
        "Хорошо, но есть ошибки",
    )


async def test_a_correction_typed_and_a_menu_label_leaves(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press("Петрова А.")
    await chat.press("3")
    await chat.send("отв")  # the short name of the work type
    await chat.press(staff_phrases.MARK_NO_COMMENT)
    await chat.press(staff_phrases.MARK_SAVE)
    await chat.press("Петрова А. 3")
    await chat.press("Исправить 3 (отв)")
    await chat.send("4+")
    assert "без плюсов и минусов" in chat.text and "4" in chat.labels
    await chat.send("4")
    await chat.send("самостоятельная")
    await chat.press(staff_phrases.MARK_NO_COMMENT)
    assert "Петрова Анна: исправить отметку 3 (отв) на 4 (с/р)?" in chat.text
    await chat.send("исправить")
    assert "Отметка исправлена: Петрова А. — 4 (с/р)." in chat.text
    [mark] = await rows(journal, Mark)
    assert (mark.value, mark.work_type_id) == (4, tiny.work_types["independent"])
    # A menu label typed on the marks' keyboard is the menu's, not a bad mark.
    await chat.press("Сидоров О.")
    await chat.send(staff_phrases.LESSONS)
    assert "Мои уроки на" in chat.text


async def test_in_the_terminal_a_typed_5_is_the_mark_5(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math", account="t1", platform=Platform.TERMINAL)

    async def typed(line: str) -> None:
        buttons = [b for r in chat.replies if r.keyboard for b in r.keyboard.buttons()]
        event = event_for(line, buttons, chat.account)
        if event.payload is not None:
            await chat.send_payload(event.payload)
        else:
            await chat.send(event.text or "")

    await marks_of_first_lesson(chat)
    await chat.press("Иванов И.")
    assert chat.labels[:5] == ["5", "4", "3", "2", "1"]
    await typed("5")
    assert "Отметка 5. За какой вид работы?" in chat.text
    await chat.press("Ответ на уроке")
    await typed("[1]")  # "Без комментария", by its number
    await chat.press(staff_phrases.MARK_SAVE)
    [mark] = await rows(journal, Mark)
    assert mark.value == 5
    await chat.press("Сидоров О.")
    await typed("[5]")  # the fifth button is the mark 1
    assert "Отметка 1. За какой вид работы?" in chat.text
