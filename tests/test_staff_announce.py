"""Announcements from the chat: whom, the typed text, a preview, "Опубликовать", the delivery
report; the class teacher to the class only, the deputy and director school-wide or by grade."""

from db.enums import AnnouncementScope
from db.models import Announcement
from keyboards.actions.staff import Announce, AnnounceAudience, AnnouncePublish, AnnounceScope
from services.context import Journal
from tests.staff_kit import staff_chat
from tests.test_conversation_kit import linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import events, rows
from texts import phrases, staff_phrases


async def test_class_teacher_to_the_parents_of_the_class(
    journal: Journal, tiny: TinySchool
) -> None:
    await linked_chat(journal, tiny, "g2", "300")
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_ANNOUNCE)
    assert chat.text.startswith("Объявление для 5А") and staff_phrases.TO_STAFF not in chat.labels
    await chat.press(staff_phrases.TO_GUARDIANS)
    assert staff_phrases.ANNOUNCE_ASK in chat.text
    await chat.send("Собрание в пятницу\nВ 18:00 в кабинете 21, явка обязательна.")
    assert chat.text.startswith("Предпросмотр · Объявление для 5А · родителям")
    assert "Собрание в пятницу\nВ 18:00 в кабинете 21" in chat.text
    assert await rows(journal, Announcement) == []
    await chat.press(staff_phrases.ANNOUNCE_PUBLISH)
    assert chat.text == staff_phrases.ANNOUNCE_DONE
    [ann] = await rows(journal, Announcement)
    assert (ann.scope, ann.class_id, ann.title) == (
        AnnouncementScope.CLASS,
        tiny.classes["5А"],
        "Собрание в пятницу",
    )
    assert (ann.to_guardians, ann.to_pupils, ann.to_staff) == (True, False, False)
    assert len(await events(journal, "announcement.published")) == 1
    await chat.press(staff_phrases.ANNOUNCE_REPORT)
    assert "Отчёт о доставке · «Собрание в пятницу», опубликовано ср, 18 ноября" in chat.text
    assert "Адресатов: 3, подключены к боту: 1." in chat.text
    assert "Не подключены: 2, заблокировали бота: 0." in chat.text
    assert "Петров Николай (родитель, 5А)" in chat.text or "Петров Николай" in chat.text


async def test_deputy_to_a_grade_and_director_to_staff(journal: Journal, tiny: TinySchool) -> None:
    deputy = await staff_chat(journal, tiny, "deputy")
    await deputy.press(staff_phrases.ANNOUNCE)
    assert deputy.labels[:3] == [staff_phrases.SCOPE_SCHOOL, "1-е классы", "5-е классы"]
    await deputy.press("5-е классы")
    await deputy.press(staff_phrases.TO_EVERYONE)
    await deputy.send("Экскурсия в музей в субботу.")
    assert "Объявление для 5-х классов · родителям, ученикам, сотрудникам" in deputy.text
    await deputy.press(staff_phrases.ANNOUNCE_PUBLISH)
    director = await staff_chat(journal, tiny, "director", "202")
    await director.press(staff_phrases.ANNOUNCE)
    await director.press(staff_phrases.SCOPE_SCHOOL)
    await director.press(staff_phrases.TO_STAFF)
    await director.send("Педсовет\nВ понедельник в 15:00.")
    await director.press(staff_phrases.ANNOUNCE_PUBLISH)
    grade, school = await rows(journal, Announcement)
    assert (grade.scope, grade.grade, grade.title) == (AnnouncementScope.GRADE, 5, "Объявление")
    assert grade.text == "Экскурсия в музей в субботу." and grade.to_staff and grade.to_pupils
    assert (school.scope, school.title, school.to_staff, school.to_guardians) == (
        AnnouncementScope.SCHOOL,
        "Педсовет",
        True,
        False,
    )


async def test_text_typed_before_whom_is_kept_for_the_preview(
    journal: Journal, tiny: TinySchool
) -> None:
    """A deputy who types the announcement before choosing whom it is for does not lose it:
    the text waits while they choose, and the last text typed is the one previewed."""
    deputy = await staff_chat(journal, tiny, "deputy")
    await deputy.press(staff_phrases.ANNOUNCE)
    await deputy.send("Завтра собрание в 18:00")  # «завтра» is not read as a question here
    assert deputy.text.startswith(staff_phrases.ANNOUNCE_KEPT)
    assert staff_phrases.ANNOUNCE_SCOPE in deputy.text
    await deputy.press("5-е классы")
    assert staff_phrases.ANNOUNCE_AUDIENCE in deputy.text
    await deputy.send("Собрание переносится\nНа четверг, в 18:00.")
    assert deputy.text.startswith(staff_phrases.ANNOUNCE_KEPT)
    await deputy.press(staff_phrases.TO_GUARDIANS)
    assert deputy.text.startswith("Предпросмотр · Объявление для 5-х классов · родителям")
    assert "Собрание переносится\nНа четверг, в 18:00." in deputy.text
    assert await rows(journal, Announcement) == []
    await deputy.press(staff_phrases.ANNOUNCE_PUBLISH)
    [ann] = await rows(journal, Announcement)
    assert (ann.scope, ann.grade, ann.title, ann.text) == (
        AnnouncementScope.GRADE,
        5,
        "Собрание переносится",
        "На четверг, в 18:00.",
    )


async def test_a_class_teacher_types_before_choosing_the_audience(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_ANNOUNCE)
    await chat.send("Экскурсия в субботу")
    assert chat.text.startswith(staff_phrases.ANNOUNCE_KEPT)
    assert chat.text.endswith(staff_phrases.ANNOUNCE_AUDIENCE)
    await chat.press(staff_phrases.TO_FAMILIES)
    assert "Предпросмотр · Объявление для 5А · родителям, ученикам" in chat.text
    assert "Экскурсия в субботу" in chat.text
    await chat.send("В меню")  # leaving keeps nothing: the next announcement starts afresh
    assert "Главное меню" in chat.text
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_ANNOUNCE)
    await chat.press(staff_phrases.TO_PUPILS)
    assert staff_phrases.ANNOUNCE_ASK in chat.text
    assert await rows(journal, Announcement) == []


async def test_cancel_forged_and_refused(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_ANNOUNCE)
    await chat.press(staff_phrases.TO_PUPILS)
    await chat.send("Отмена")
    assert "Главное меню" in chat.text
    await chat.send("Это уже не объявление")
    assert phrases.NOT_UNDERSTOOD in chat.text
    # Another class: the service refuses at publishing, whatever the buttons said.
    await chat.forge(Announce(class_id=tiny.classes["5Б"]))
    await chat.press(staff_phrases.TO_GUARDIANS)
    await chat.send("Чужому классу")
    await chat.press(staff_phrases.ANNOUNCE_PUBLISH)
    assert chat.text == "Классный руководитель пишет объявления только своему классу."
    await chat.forge(AnnouncePublish())
    assert phrases.STALE_BUTTON in chat.text
    # A staff audience is not the class teacher's to choose, even forged.
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_ANNOUNCE)
    await chat.forge(AnnounceAudience(audience=7))
    await chat.send("Всем сотрудникам")
    await chat.press(staff_phrases.ANNOUNCE_PUBLISH)
    assert "сотрудников публикует заместитель директора" in chat.text
    eng = await staff_chat(journal, tiny, "eng1", "202")
    await eng.send(staff_phrases.ANNOUNCE)
    assert eng.text == staff_phrases.ANNOUNCE_WHO
    await eng.forge(AnnounceScope())
    await eng.press(staff_phrases.TO_GUARDIANS)
    await eng.send("Всей школе от учителя")
    await eng.press(staff_phrases.ANNOUNCE_PUBLISH)
    assert "Объявления публикуют заместитель директора" in eng.text
    assert await rows(journal, Announcement) == []
