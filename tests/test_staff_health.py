"""The health sheet in the chat (004 §9): the medical worker keeps it button by button and
with a typed note; the forged and stale presses get the service's words."""

from db.enums import Platform
from db.models import AuditEntry, HealthRecord, PeExemption
from keyboards.actions.health import HealthClass, HealthExempt, HealthPePick, PeGroup
from services.context import Journal
from services.people.health import NOT_YOURS, health_line
from tests.staff_kit import add_pupils, refusal, staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import rows
from texts import health_phrases, phrases, staff_phrases


async def test_the_medic_sets_groups_exemptions_and_a_note(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "medic")
    assert health_phrases.HEALTH_SHEET in chat.labels
    await chat.press(health_phrases.HEALTH_SHEET)
    assert chat.text == health_phrases.PICK_CLASS
    assert {"1А", "5А", "5Б"} <= set(chat.labels)
    await chat.press("5А")
    assert chat.replies[0].edit
    assert chat.text.startswith("Лист здоровья, 5А\n\n1. Иванов Иван — не заполнено")
    assert "3. Сидоров Олег — не заполнено" in chat.text
    await chat.press("Сидоров Олег")
    assert chat.text.startswith("Сидоров Олег, 5А\nГруппа здоровья: не заполнено")
    await chat.press(health_phrases.CHANGE_GROUPS)
    assert chat.text == "Сидоров Олег: выберите группу здоровья."
    await chat.press("3 группа")
    assert "группа здоровья 3. Теперь выберите группу по физкультуре" in chat.text
    await chat.press("подготовительная")
    assert chat.text.startswith("Сохранено: группа здоровья 3, подготовительная.")
    assert "Группа по физкультуре: подготовительная" in chat.text
    [record] = await rows(journal, HealthRecord, HealthRecord.pupil_id == tiny.people["a3"])
    assert (record.health_group, record.pe_group) == (3, "подготовительная")

    await chat.press("осв. 2 четверть")
    assert chat.text.startswith("«осв.» за 2 четверть поставлено.")
    assert "Освобождение от физкультуры: 2 четверть" in chat.text
    [exempt] = await rows(journal, PeExemption, PeExemption.pupil_id == tiny.people["a3"])
    assert exempt.period_id == tiny.periods["q2"]
    await chat.press("✅ осв. 2 четверть")
    assert chat.text.startswith("«осв.» за 2 четверть снято.")
    assert await rows(journal, PeExemption, PeExemption.pupil_id == tiny.people["a3"]) == []
    await chat.press("осв. 1 четверть")

    await chat.press(health_phrases.NOTE)
    assert chat.text.startswith("Сидоров Олег: напишите примечание")
    await chat.send("я" * 301)  # too long: the service's words, and the place kept
    too_long = "Примечание — не длиннее 300 символов."
    assert chat.text.startswith(f"{too_long}\n{health_phrases.NOTE_AGAIN}")
    await chat.send("Очки, сидеть за первой партой")
    assert chat.text.startswith(health_phrases.NOTE_SAVED)
    assert "Примечание: Очки, сидеть за первой партой" in chat.text
    [record] = await rows(journal, HealthRecord, HealthRecord.pupil_id == tiny.people["a3"])
    assert (record.health_group, record.pe_group, record.note) == (
        3,
        "подготовительная",
        "Очки, сидеть за первой партой",
    )

    await chat.press(health_phrases.TO_CLASS)
    assert "3. Сидоров Олег — группа здоровья 3, подготовительная; осв.: 1 четверть" in chat.text
    await chat.press(health_phrases.TO_CLASSES)
    assert chat.text == health_phrases.PICK_CLASS
    audited = await rows(journal, AuditEntry, AuditEntry.action == "health.changed")
    assert {a.subject_person_id for a in audited} == {tiny.people["a3"]}


async def test_the_note_can_be_cancelled_and_cleared(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "medic")
    await chat.press(health_phrases.HEALTH_SHEET)
    await chat.press("5А")
    await chat.press("Иванов Иван")
    await chat.press(health_phrases.NOTE)
    await chat.press(phrases.CANCEL)
    assert chat.text.startswith("Иванов Иван, 5А")
    await chat.send("Это не примечание")  # no longer asked: not saved as one
    assert await rows(journal, HealthRecord) == []
    await chat.press(health_phrases.HEALTH_SHEET)
    await chat.press("5А")
    await chat.press("Иванов Иван")
    await chat.press(health_phrases.NOTE)
    await chat.send("Аллергия")
    await chat.press(health_phrases.NOTE)
    await chat.send("-")
    assert chat.text.startswith(health_phrases.NOTE_CLEARED)
    [record] = await rows(journal, HealthRecord)
    assert record.note == ""


async def test_a_long_class_is_paged_on_vk(journal: Journal, tiny: TinySchool) -> None:
    await add_pupils(journal, tiny, "5Б", 30)
    chat = await staff_chat(journal, tiny, "medic", platform=Platform.VK)
    await chat.press(health_phrases.HEALTH_SHEET)
    await chat.press("5Б")
    assert "32. " in chat.text
    assert len(chat.labels) <= 10 and staff_phrases.NEXT_PAGE in chat.labels
    await chat.press(staff_phrases.NEXT_PAGE)
    assert len(chat.labels) <= 10
    assert health_phrases.TO_CLASSES in chat.labels


async def test_forged_writes_get_the_services_refusal(journal: Journal, tiny: TinySchool) -> None:
    medic = await staff_chat(journal, tiny, "medic")
    await medic.forge(HealthPePick(pupil=tiny.people["a1"], group=9, pe=PeGroup.MAIN))
    assert medic.text.startswith("Группа здоровья — от 1 до 5.")
    await medic.forge(HealthExempt(pupil=tiny.people["a1"], period=999, exempt=True))
    assert medic.text.startswith("Учебный период не найден.")
    assert await rows(journal, HealthRecord) == [] and await rows(journal, PeExemption) == []

    teacher = await staff_chat(journal, tiny, "eng1", account="201")
    assert health_phrases.HEALTH_SHEET not in teacher.labels
    said = await refusal(journal, tiny, "eng1", health_line, tiny.people["a1"])
    assert said == NOT_YOURS
    await teacher.forge(HealthPePick(pupil=tiny.people["a1"], group=1, pe=PeGroup.MAIN))
    assert teacher.text.startswith(said)
    await teacher.forge(HealthClass(class_id=tiny.classes["5А"]))
    assert teacher.text.startswith(said)
    await teacher.send(health_phrases.HEALTH_SHEET)  # typed: whose menu item it is
    assert teacher.text.startswith(said)
    assert await rows(journal, HealthRecord) == []
