"""A control work for a whole class of 30 through the chat: at most 35 taps, or one typed
message and one confirmation; every saved mark checked, and bad input re-asked in place."""

from db.enums import AttendanceStatus, Platform
from db.models import Attendance, Lesson, Mark
from keyboards.actions.class_marks import ClassMarksSave, ClassMarksTap
from keyboards.payloads import unpack
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from tests.staff_kit import PlatformChat, add_pupils, staff_chat
from tests.test_staff_marks import marks_of_first_lesson
from tests.tiny_school import TinySchool
from tests.write_support import actor, rows
from texts import class_marks_phrases as say

WORK = "Контрольная работа"


class Counting:
    """Presses by label, counted: the teacher's taps."""

    def __init__(self, chat: PlatformChat) -> None:
        self.chat, self.taps = chat, 0

    async def press(self, label: str) -> None:
        self.taps += 1
        await self.chat.press(label)


def pupil_buttons(chat: PlatformChat) -> dict[int, str]:
    """Pupil id -> the label of their button on the sheet, in the sheet's order."""
    found = {}
    for reply in chat.replies:
        for b in reply.keyboard.buttons() if reply.keyboard else ():
            press = unpack(b.payload)
            if isinstance(press, ClassMarksTap):
                found[press.pupil] = b.label
    return found


async def saved_marks(journal: Journal, tiny: TinySchool) -> dict[int, int]:
    marks = await rows(journal, Mark, Mark.is_deleted.is_(False))
    assert all(m.work_type_id == tiny.work_types["control"] for m in marks)
    assert all(m.lesson_id == tiny.lessons["math-today"] for m in marks)
    assert len({m.pupil_id for m in marks}) == len(marks)
    return {m.pupil_id: m.value for m in marks}


async def test_thirty_pupils_in_at_most_35_taps(journal: Journal, tiny: TinySchool) -> None:
    await add_pupils(journal, tiny, "5А", 27)
    chat = await staff_chat(journal, tiny, "math")
    await chat.press("Уроки за день")
    await chat.press(next(b for b in chat.labels if b.startswith("1. 5А Математика")))
    teacher = Counting(chat)
    await teacher.press("Отметки")
    await teacher.press(say.CLASS_MARKS)
    assert "За какой вид работы?" in chat.text
    await teacher.press(WORK)
    assert "Отметки всему классу: Контрольная работа" in chat.text and "▸5" in chat.labels
    pupils = list(pupil_buttons(chat))
    assert len(pupils) == 30 and len(chat.labels) <= 100  # one message
    wanted = dict.fromkeys(pupils[:8], 5) | dict.fromkeys(pupils[8:20], 4)
    wanted |= dict.fromkeys(pupils[20:28], 3) | dict.fromkeys(pupils[28:], 2)
    for value in (5, 3, 2):
        if value != 5:
            await teacher.press(str(value))
        for pupil in [p for p, v in wanted.items() if v == value]:
            await teacher.press(pupil_buttons(chat)[pupil])
    await teacher.press("4")
    await teacher.press("Остальным — 4")
    assert "Выбрано: «5» — 8, «4» — 12, «3» — 8, «2» — 2; отметки у всех." in chat.text
    # A tap puts the chosen mark in place of another; a second tap takes it back.
    label = pupil_buttons(chat)[pupils[0]]
    assert label.endswith(" 5")
    await chat.press(label)
    assert pupil_buttons(chat)[pupils[0]] == label.replace(" 5", " 4")
    await chat.press(label.replace(" 5", " 4"))
    assert pupil_buttons(chat)[pupils[0]] == label.removesuffix(" 5")
    assert await rows(journal, Mark) == []  # nothing saved before "Сохранить"
    await chat.press("5")
    await chat.press(pupil_buttons(chat)[pupils[0]])
    await teacher.press(say.SAVE)
    assert teacher.taps <= 35, teacher.taps
    assert "Отметки за к/р поставлены: 30." in chat.text
    assert await saved_marks(journal, tiny) == wanted


async def test_one_typed_message_read_back_then_saved(journal: Journal, tiny: TinySchool) -> None:
    await add_pupils(journal, tiny, "5А", 27)
    teacher = await actor(journal, tiny, "math")
    absent = {tiny.people["a2"]: AttendanceStatus.ABSENT}  # Петрова: not on the list
    await journal.run(save_roll_call, teacher, tiny.lessons["math-today"], absent)
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press(say.CLASS_MARKS)
    await chat.send("контрольная")  # the work type typed
    pupils = list(pupil_buttons(chat))
    assert len(pupils) == 29 and tiny.people["a2"] not in pupils
    typed = ["5", "4", "н", "3"] * 7 + ["2"]
    await chat.send(" ".join(typed))
    assert say.READ_BACK in chat.text
    assert await rows(journal, Mark) == []
    wanted = {p: int(t) for p, t in zip(pupils, typed, strict=True) if t != "н"}
    first = pupil_buttons(chat)
    assert all(first[p].endswith(f" {v}") for p, v in wanted.items())
    await chat.press(say.SAVE)
    assert f"Отметки за к/р поставлены: {len(wanted)}." in chat.text
    assert await saved_marks(journal, tiny) == wanted


async def test_marks_by_surname_and_bad_input_keep_the_sheet(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press(say.CLASS_MARKS)
    await chat.send("Диктант")
    assert "Такого вида работы нет: «Диктант»" in chat.text and WORK in chat.labels
    await chat.press(WORK)
    ivanov, petrova, sidorov = (tiny.people[k] for k in ("a1", "a2", "a3"))
    for bad, answer in (
        ("5-", "без плюсов и минусов"),
        ("5 4", "В списке 3 ученика, а в сообщении 2 отметки"),
        ("Иваноф 5", "«Иваноф» — такого ученика на уроке нет"),
        ("Иванов", "«Иванов» — нет отметки"),
        ("Иванов 4+, Петрова 5", "«4+»: в журнале отметки без плюсов и минусов"),
    ):
        await chat.send(bad)
        assert answer in chat.text, (bad, chat.text)
        assert "Отметки всему классу: Контрольная работа" in chat.text  # the place is kept
    await chat.send("3")  # one mark typed: what the taps put next
    assert "Теперь ставлю 3." in chat.text and "▸3" in chat.labels
    await chat.press(pupil_buttons(chat)[sidorov])
    await chat.send("Иванов 5, Петрова А. 4")
    assert say.READ_BACK in chat.text
    assert "1. Иванов И. — 5" in chat.text and "2. Петрова А. — 4" in chat.text
    assert "3. Сидоров О. — 3" in chat.text
    await chat.send("Сохранить")
    assert "Отметки за к/р поставлены: 3." in chat.text
    assert await saved_marks(journal, tiny) == {ivanov: 5, petrova: 4, sidorov: 3}
    # The draft is gone: a second save from the old message saves nothing more.
    await chat.forge(ClassMarksSave(lesson=tiny.lessons["math-today"]))
    assert say.LOST in chat.text
    assert len(await saved_marks(journal, tiny)) == 3


async def test_vk_pages_the_sheet_and_steps_the_mark(journal: Journal, tiny: TinySchool) -> None:
    await add_pupils(journal, tiny, "5А", 9)
    chat = await staff_chat(journal, tiny, "math", platform=Platform.VK)
    await marks_of_first_lesson(chat)
    await chat.press(say.CLASS_MARKS)
    await chat.press(WORK)
    assert "Страница 1 из 3." in chat.text and "Ставлю: 5 ▸" in chat.labels
    assert len(chat.labels) <= 10
    first = next(iter(pupil_buttons(chat)))
    await chat.press("Ставлю: 5 ▸")
    assert "Ставлю: 4 ▸" in chat.labels
    await chat.press(pupil_buttons(chat)[first])
    await chat.press("▶")
    assert "Страница 2 из 3." in chat.text
    await chat.press("Остальным — 4")
    await chat.press(say.SAVE)
    assert "Отметки за к/р поставлены: 12." in chat.text
    assert set((await saved_marks(journal, tiny)).values()) == {4}


async def test_leaving_the_sheet_asks_when_marks_are_not_saved(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press(say.CLASS_MARKS)
    await chat.press(WORK)
    await chat.press("Отмена")  # nothing chosen: straight back
    assert chat.text.startswith("Отметки · 5А · Математика")
    await chat.press(say.CLASS_MARKS)
    await chat.press(WORK)
    await chat.press("Иванов И.")
    await chat.press("Отмена")
    assert "Отметки не сохранены: «5» — 1. Сохранить?" in chat.text
    await chat.press(say.BACK)
    assert "Иванов И. 5" in chat.labels  # the draft kept
    await chat.press("Отмена")
    await chat.press(say.DISCARD)
    assert chat.text.startswith("Отметки · 5А · Математика")
    assert await rows(journal, Mark) == []
    await chat.press(say.CLASS_MARKS)
    await chat.press(WORK)
    await chat.press("Сидоров О.")
    await chat.press("Отмена")
    await chat.press(say.SAVE)
    assert await saved_marks(journal, tiny) == {tiny.people["a3"]: 5}


async def test_typing_to_menu_on_unsaved_class_marks_asks_first(
    journal: Journal, tiny: TinySchool
) -> None:
    """Issue 15: as on the roll call, «В меню» typed does not drop the marks chosen silently."""
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press(say.CLASS_MARKS)
    await chat.press(WORK)
    await chat.press("Иванов И.")
    await chat.send("В меню")
    assert "Отметки не сохранены: «5» — 1. Сохранить?" in chat.text
    await chat.press(say.BACK)
    assert "Иванов И. 5" in chat.labels
    await chat.send("В меню")
    await chat.press(say.DISCARD)
    assert chat.text.startswith("Главное меню")
    assert await rows(journal, Mark) == []


async def test_typed_n_leaves_no_mark_and_says_no_absence_is_recorded(
    journal: Journal, tiny: TinySchool
) -> None:
    """Issue 15: «н» among typed marks means «без отметки», not an absence; the read-back says
    so by name, and saving records the marks only: no attendance, the roll call still to do."""
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press(say.CLASS_MARKS)
    await chat.press(WORK)
    await chat.send("5 н 4")
    assert chat.text.startswith(
        "Без отметки («н»): Петрова А. — пропуск урока так не записывается, его отмечают в "
        "перекличке.\n" + say.READ_BACK
    )
    assert "2. Петрова А.\n" in chat.text
    await chat.send("Сидоров Н")  # by surname, any case
    assert chat.text.startswith("Без отметки («н»): Сидоров О. — пропуск урока так не")
    await chat.send("Иванов 3, Сидоров 2")  # no «н»: the plain read-back
    assert chat.text.startswith(say.READ_BACK)
    await chat.press(say.SAVE)
    assert "Отметки за к/р поставлены: 2." in chat.text
    assert await saved_marks(journal, tiny) == {tiny.people["a1"]: 3, tiny.people["a3"]: 2}
    assert await rows(journal, Attendance) == []
    [lesson] = await rows(journal, Lesson, Lesson.id == tiny.lessons["math-today"])
    assert not lesson.roll_call_done
