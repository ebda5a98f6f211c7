"""The health sheet in the chat (004 §9): the medical worker keeps it button by button and
with a typed note; the forged and stale presses get the service's words."""

import pytest

from db.enums import Platform
from db.models import AuditEntry, HealthRecord, PeExemption, Subject
from keyboards import health_menus
from keyboards.actions.health import (
    HealthClass,
    HealthExempt,
    HealthExemptions,
    HealthGroupAsk,
    HealthNote,
    HealthPePick,
    HealthPupil,
    PeGroup,
)
from keyboards.render.vk import dump_keyboard, render_pages
from services.context import Journal
from services.people.health import (
    MEDIC_ONLY,
    NOT_YOURS,
    HealthLine,
    health_line,
    set_health,
    set_pe_exemption,
)
from services.people.health_sheet import PeriodMark, PupilHealth, pupil_health
from tests.staff_kit import PlatformChat, add_half_years, add_pupils, refusal, staff_chat
from tests.standins.keyboard_rules import check_vk_keyboard
from tests.standins.vk_spec import VkSpec
from tests.tiny_school import TinySchool
from tests.write_support import actor, rows, update
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


async def test_the_class_teacher_reads_their_class_only(journal: Journal, tiny: TinySchool) -> None:
    medic = await actor(journal, tiny, "medic")
    await journal.run(set_health, medic, tiny.people["a2"], 2, "основная", "Очки")
    chat = await staff_chat(journal, tiny, "math")
    assert health_phrases.HEALTH_SHEET not in chat.labels  # in «Мой класс», not the menu
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(health_phrases.HEALTH_SHEET)
    assert chat.text.startswith("Лист здоровья, 5А\n\n1. Иванов Иван — не заполнено")
    assert "2. Петрова Анна — группа здоровья 2, основная" in chat.text
    assert chat.text.endswith(health_phrases.TAP_TO_READ)
    await chat.press("Петрова Анна")
    assert "Примечание: Очки" in chat.text
    assert health_phrases.CHANGE_GROUPS not in chat.labels
    assert not any("осв." in label for label in chat.labels)
    await chat.press(health_phrases.TO_CLASS)
    await chat.press(staff_phrases.BACK)
    assert chat.text.startswith("Мой класс · 5А")
    read = await rows(journal, AuditEntry, AuditEntry.action == "health.read")
    assert {a.subject_person_id for a in read if a.actor_id == tiny.people["math"]} == {
        tiny.people[p] for p in ("a1", "a2", "a3")
    }

    # Another class's sheet, or a change, forged: the service's refusal, nothing written.
    await chat.forge(HealthClass(class_id=tiny.classes["5Б"]))
    assert chat.text.startswith(NOT_YOURS)
    await chat.forge(HealthGroupAsk(pupil=tiny.people["a2"]))
    assert chat.text.startswith(MEDIC_ONLY)
    await chat.forge(HealthPePick(pupil=tiny.people["a2"], group=5, pe=PeGroup.EXEMPT))
    assert chat.text.startswith(MEDIC_ONLY)
    await chat.forge(HealthExempt(pupil=tiny.people["a2"], period=tiny.periods["q2"], exempt=True))
    assert chat.text.startswith(MEDIC_ONLY)
    await chat.forge(HealthNote(pupil=tiny.people["a2"]))
    assert chat.text.startswith(MEDIC_ONLY)
    [record] = await rows(journal, HealthRecord)
    assert (record.health_group, record.pe_group, record.note) == (2, "основная", "Очки")
    assert await rows(journal, PeExemption) == []


async def test_the_pe_teacher_reads_their_group_from_the_lesson(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "eng2")
    await chat.press(staff_phrases.LESSONS)
    await chat.press(next(b for b in chat.labels if "5А Английский язык" in b))
    assert health_phrases.HEALTH_SHEET not in chat.labels  # not a subject to be exempted from
    await update(journal, Subject, tiny.subjects["eng"], allows_exemption=True)  # "PE" here
    await chat.press(staff_phrases.LESSONS)
    await chat.press(next(b for b in chat.labels if "5А Английский язык" in b))
    await chat.press(health_phrases.HEALTH_SHEET)
    # Only the pupils of their group: the service's rule for the PE teacher.
    assert chat.text.startswith("Лист здоровья, 5А\n\n1. Сидоров Олег — не заполнено")
    assert "Иванов" not in chat.text and "Петрова" not in chat.text
    await chat.press(staff_phrases.BACK_TO_LESSON)
    assert health_phrases.HEALTH_SHEET in chat.labels and staff_phrases.CARD_ROLL in chat.labels
    await chat.forge(HealthPupil(pupil=tiny.people["a1"]))  # the other group's pupil
    assert chat.text.startswith(NOT_YOURS)


async def test_the_deputy_and_the_director_read_any_class(
    journal: Journal, tiny: TinySchool
) -> None:
    medic = await actor(journal, tiny, "medic")
    await journal.run(set_health, medic, tiny.people["b2"], 4, "специальная А")
    await journal.run(set_pe_exemption, medic, tiny.people["b2"], tiny.periods["q1"], True)
    for n, who in enumerate(("deputy", "director")):
        chat = await staff_chat(journal, tiny, who, account=f"30{n}")
        await chat.press(health_phrases.HEALTH_SHEET)
        assert chat.text == health_phrases.PICK_CLASS
        await chat.press("5Б")
        assert "2. Кузнецов Дмитрий — группа здоровья 4, специальная А; осв.: 1 четверть" in (
            chat.text
        )
        await chat.press("Кузнецов Дмитрий")
        assert "Освобождение от физкультуры: 1 четверть" in chat.text
        assert health_phrases.NOTE not in chat.labels
        await chat.forge(
            HealthExempt(pupil=tiny.people["b2"], period=tiny.periods["q1"], exempt=False)
        )
        assert chat.text.startswith(MEDIC_ONLY)
        await chat.press(health_phrases.HEALTH_SHEET)
        await chat.press("5Б")
        await chat.press(health_phrases.TO_CLASSES)
        assert chat.text == health_phrases.PICK_CLASS
    assert len(await rows(journal, PeExemption)) == 1


async def exempt_from(journal: Journal, pupil: int) -> set[int]:
    return {e.period_id for e in await rows(journal, PeExemption, PeExemption.pupil_id == pupil)}


def one_vk_message(chat: PlatformChat) -> None:
    """The answer is one message whose keyboard VK takes as it is."""
    [reply] = chat.replies
    [page] = render_pages(reply.keyboard)
    spec = VkSpec()
    check_vk_keyboard(dump_keyboard(page), spec.keyboard_actions, spec.button_colors)


async def test_seven_periods_fit_one_vk_message_and_move_to_their_own_screen(
    journal: Journal, tiny: TinySchool
) -> None:
    await add_half_years(journal, tiny)
    chat = await staff_chat(journal, tiny, "medic", platform=Platform.VK)
    await chat.press(health_phrases.HEALTH_SHEET)
    await chat.press("5А")
    await chat.press("Сидоров Олег")
    one_vk_message(chat)
    assert chat.labels == [
        health_phrases.CHANGE_GROUPS,
        health_phrases.NOTE,
        health_phrases.EXEMPTIONS,
        health_phrases.TO_CLASS,
        phrases.TO_MENU,
    ]
    await chat.press(health_phrases.EXEMPTIONS)
    one_vk_message(chat)
    assert chat.replies[0].edit
    assert chat.text.endswith(health_phrases.EXEMPTIONS_HINT)
    assert "Освобождение от физкультуры: нет" in chat.text
    assert chat.labels == [
        "осв. 1 четверть",
        "осв. 1 полугодие",
        "осв. 2 четверть",
        "осв. 3 четверть",
        "осв. 2 полугодие",
        "осв. 4 четверть",
        "осв. Год",
        staff_phrases.BACK,
    ]
    # Each press redraws this screen in place, so several periods take a tap each.
    await chat.press("осв. 1 полугодие")
    assert chat.replies[0].edit and chat.text.startswith("«осв.» за 1 полугодие поставлено.")
    one_vk_message(chat)
    await chat.press("осв. 3 четверть")
    assert chat.text.startswith("«осв.» за 3 четверть поставлено.")
    assert "Освобождение от физкультуры: 1 полугодие, 3 четверть" in chat.text
    assert {"✅ осв. 1 полугодие", "✅ осв. 3 четверть"} <= set(chat.labels)
    pupil = tiny.people["a3"]
    assert await exempt_from(journal, pupil) == {tiny.periods["h1"], tiny.periods["q3"]}
    await chat.press("✅ осв. 1 полугодие")
    assert chat.text.startswith("«осв.» за 1 полугодие снято.")
    assert "осв. 1 полугодие" in chat.labels
    assert await exempt_from(journal, pupil) == {tiny.periods["q3"]}

    await chat.press(staff_phrases.BACK)
    assert chat.replies[0].edit
    assert chat.text.startswith("Сидоров Олег, 5А\nГруппа здоровья: не заполнено")
    assert "Освобождение от физкультуры: 3 четверть" in chat.text
    await chat.press(health_phrases.TO_CLASS)
    assert "3. Сидоров Олег — не заполнено; осв.: 3 четверть" in chat.text


async def test_the_exemption_screen_refuses_forged_and_stale_presses(
    journal: Journal, tiny: TinySchool
) -> None:
    await add_half_years(journal, tiny)
    pupil = tiny.people["a2"]
    medic = await staff_chat(journal, tiny, "medic", platform=Platform.VK)
    await medic.forge(HealthExempt(pupil=pupil, period=999, exempt=True, page=1))
    assert medic.text.startswith("Учебный период не найден.")
    await medic.forge(HealthExemptions(pupil=999_999))  # no such pupil: the service's words
    assert medic.text.startswith(await refusal(journal, tiny, "medic", pupil_health, 999_999))
    await medic.forge(HealthExemptions(pupil=pupil, page=50))  # a page gone: the last one
    assert medic.text.endswith(health_phrases.EXEMPTIONS_HINT)
    assert "осв. Год" in medic.labels

    teacher = await staff_chat(journal, tiny, "math", account="201", platform=Platform.VK)
    await teacher.forge(HealthExemptions(pupil=pupil))
    assert teacher.text.startswith(MEDIC_ONLY)
    assert not any("осв." in label for label in teacher.labels)
    period = tiny.periods["h2"]
    await teacher.forge(HealthExempt(pupil=pupil, period=period, exempt=True, page=1))
    assert teacher.text.startswith(MEDIC_ONLY)
    stranger = await staff_chat(journal, tiny, "eng1", account="202", platform=Platform.VK)
    await stranger.forge(HealthExemptions(pupil=pupil))
    assert stranger.text.startswith(NOT_YOURS)
    await stranger.forge(HealthExempt(pupil=pupil, period=period, exempt=True, page=1))
    assert stranger.text.startswith(NOT_YOURS)
    assert await rows(journal, PeExemption) == []


def _health(periods: int, exempt: int = 0) -> PupilHealth:
    line = HealthLine(1, "Сидоров Олег", None, "", "", ())
    marks = tuple(PeriodMark(n, f"{n} период", n <= exempt) for n in range(1, periods + 1))
    return PupilHealth(line, 1, "5А", marks, may_change=True)


@pytest.mark.parametrize("periods", range(13))
def test_any_number_of_periods_fits_every_messenger(periods: int) -> None:
    spec = VkSpec()
    health = _health(periods, exempt=periods // 2)
    keyboards = [health_menus.card(health)]
    reachable = {b.label for b in keyboards[0].buttons()}
    page, pages = 1, 1
    while page <= pages:
        keyboard, shown, pages = health_menus.exemptions(health, page)
        assert shown == page
        keyboards.append(keyboard)
        reachable |= {b.label for b in keyboard.buttons()}
        page += 1
    for keyboard in keyboards:
        assert health_menus.fits_everywhere(keyboard)
        [vk] = render_pages(keyboard)
        check_vk_keyboard(dump_keyboard(vk), spec.keyboard_actions, spec.button_colors)
    every_period = {
        (health_phrases.EXEMPT_BUTTON_ON if p.exempt else health_phrases.EXEMPT_BUTTON).format(
            period=p.name
        )
        for p in health.periods
    }
    assert every_period <= reachable
    on_card = every_period <= {b.label for b in keyboards[0].buttons()}
    assert on_card == (periods <= 6)  # a tap each on the card while they fit
