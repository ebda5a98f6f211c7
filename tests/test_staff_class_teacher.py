"""The class teacher in the chat: the week's attendance checked and corrected, the invite slips
as a PDF, the reasons parents gave; and the refusals for anyone else."""

from db.enums import AttendanceStatus, ChangeAction
from db.models import Attendance, AttendanceChange
from keyboards.actions.staff import ClassCodes, ClassFix, ClassFixSet, ClassWeek
from services.attendance.absence_reasons import record_absence_reason
from services.attendance.roll_call import save_roll_call
from services.class_teacher.overview import class_week_attendance
from services.context import Journal
from services.invites.class_invites import unlinked_people
from tests.staff_kit import refusal, staff_chat
from tests.tiny_school import TODAY, TinySchool
from tests.write_support import actor, rows
from texts import staff_phrases

A = AttendanceStatus


async def absences(journal: Journal, tiny: TinySchool) -> None:
    math, rus = await actor(journal, tiny, "math"), await actor(journal, tiny, "rus")
    p = tiny.people
    await journal.run(save_roll_call, math, tiny.lessons["math-mon"], {p["a1"]: A.ILL})
    await journal.run(save_roll_call, rus, tiny.lessons["rus-today"], {p["a2"]: A.ABSENT})


async def test_the_week_is_checked_and_corrected(journal: Journal, tiny: TinySchool) -> None:
    await absences(journal, tiny)
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    assert chat.text.startswith("Мой класс · 5А")
    await chat.press(staff_phrases.CLASS_WEEK)
    text = chat.text
    assert text.startswith("Посещаемость 5А за 16–22 ноября")
    assert "Иванов Иван\n  пн, 16 ноября: 1 б" in text
    assert "Петрова Анна\n  ср, 18 ноября: 2 н" in text
    assert "Перекличка не проведена:" in text and "Английский язык — Инглишева А. В." in text
    await chat.press("Петрова А. · ср")
    assert "2-й урок, Русский язык: отсутствовал(а)" in chat.text
    await chat.press("2. Русский язык: н")
    assert "Сейчас: отсутствовал(а). Что поставить?" in chat.text
    await chat.press("болеет")
    assert chat.text.startswith("Исправлено: теперь «болеет».")
    assert "Петрова Анна\n  ср, 18 ноября: 2 б" in chat.text
    record = next(r for r in await rows(journal, Attendance) if r.pupil_id == tiny.people["a2"])
    assert record.status == A.ILL and record.author_id == tiny.people["math"]
    changes = await rows(journal, AttendanceChange, AttendanceChange.attendance_id == record.id)
    assert [c.action for c in changes] == [ChangeAction.CREATED, ChangeAction.UPDATED]
    await chat.press("◀ Пред. неделя")
    assert "9–15 ноября" in chat.text and staff_phrases.WEEK_ALL_PRESENT in chat.text


async def test_invite_slips_come_as_a_pdf(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_CODES)
    await chat.press("Выдать новые (6)")
    [reply] = chat.replies
    assert reply.attachment is not None
    assert reply.attachment.filename == "коды_5А.pdf" and reply.attachment.kind == "document"
    assert reply.attachment.content.startswith(b"%PDF")
    assert "Коды приглашения для 5А: 6" in reply.text  # three pupils and three parents


async def test_reasons_parents_gave(journal: Journal, tiny: TinySchool) -> None:
    await absences(journal, tiny)
    parent = await actor(journal, tiny, "g3")
    lesson, anna = tiny.lessons["rus-today"], tiny.people["a2"]
    await journal.run(record_absence_reason, parent, lesson, anna, "ill")
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_REASONS)
    assert "ср, 18 ноября, 2-й урок — Петрова Анна: Болеет (Петров Н.)" in chat.text


async def test_others_are_refused_by_the_services(journal: Journal, tiny: TinySchool) -> None:
    cls = tiny.classes["5А"]
    rus = await staff_chat(journal, tiny, "rus")  # teaches 5А, leads 5Б
    await rus.forge(ClassWeek(class_id=cls))
    assert rus.text == await refusal(journal, tiny, "rus", class_week_attendance, cls, TODAY)
    await rus.forge(ClassCodes(class_id=cls))
    assert rus.text == await refusal(journal, tiny, "rus", unlinked_people, cls)
    assert staff_phrases.NOW in rus.labels
    eng = await staff_chat(journal, tiny, "eng1", "202")
    await eng.send(staff_phrases.MY_CLASS)
    assert staff_phrases.CLASS_ONLY in eng.text
    # A stale correction (no week on screen) and one of a lesson outside the week shown.
    math = await staff_chat(journal, tiny, "math", "203")
    lesson, ivan = tiny.lessons["math-today"], tiny.people["a1"]
    await math.forge(ClassFixSet(lesson=lesson, pupil=ivan, status=AttendanceStatus.ABSENT))
    assert "устарела" in math.text
    await math.press(staff_phrases.MY_CLASS)
    await math.press(staff_phrases.CLASS_WEEK)
    await math.forge(ClassFix(lesson=lesson, pupil=ivan))
    assert staff_phrases.FIX_GONE in math.text
    assert await rows(journal, Attendance) == []


async def test_a_whole_day_is_corrected_at_once(journal: Journal, tiny: TinySchool) -> None:
    """Anna missed three lessons on Wednesday; her parent says she was ill: one press."""
    p = tiny.people
    for teacher, lesson in (("math", "math-today"), ("rus", "rus-today"), ("eng1", "eng1-today")):
        who = await actor(journal, tiny, teacher)
        await journal.run(save_roll_call, who, tiny.lessons[lesson], {p["a2"]: A.ABSENT})
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_WEEK)
    assert "Петрова Анна\n  ср, 18 ноября: 1 н, 2 н, 3 н" in chat.text
    assert staff_phrases.WEEK_LEGEND in chat.text
    await chat.press("Петрова А. · ср")
    assert chat.text.startswith("Петрова Анна · ср, 18 ноября")
    await chat.press("Весь день: болеет")
    assert chat.text.startswith("Исправлено за ср, 18 ноября: 3 урока — теперь «болеет».")
    assert "Петрова Анна\n  ср, 18 ноября: 1 б, 2 б, 3 б" in chat.text
    records = await rows(journal, Attendance, Attendance.pupil_id == p["a2"])
    assert len(records) == 3 and {r.status for r in records} == {A.ILL}
