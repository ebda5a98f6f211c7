"""The notification settings in the chat: opened from the menu, /settings or typed words; each
tap redraws the same message with the state on its buttons; forged and garbage buttons change
nothing."""

from datetime import time
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings, strategies
from sqlalchemy import update

from db.enums import Platform
from db.models import ChatAccount, Enrollment, GuardianLink, NotificationPreference
from keyboards import menus, settings_menus
from keyboards.actions import settings as settings_actions
from keyboards.actions.settings import (
    Notify,
    NotifyKind,
    NotifyMore,
    NotifyQuiet,
    NotifySubject,
    NotifySubjects,
    NotifyThreshold,
    Whose,
)
from keyboards.payloads import VERSION, actions, pack
from keyboards.render.vk import render_pages
from services.context import Ctx, Journal
from services.people.access import NO_ACCESS_TO_PUPIL
from services.settings.notifications import (
    BAD_THRESHOLD,
    KINDS,
    NOT_YOUR_CHILD,
    NotificationSettings,
    SubjectThreshold,
)
from services.views import PupilBrief
from tests.press_strategies import presses
from tests.test_conversation_kit import NOT_IVANS, Chat, linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import rows
from texts import phrases, settings_phrases

KIND_ROWS = [
    "✅ Пропуски",
    "✅ Плохие оценки",
    "☐ Все оценки",
    "✅ Риск по итоговой",
    "✅ Замены и отмены",
    "✅ Объявления",
    "☐ Карточка на завтра",
    "✅ Итоги недели",
]


async def stored(journal: Journal, chat: Chat) -> dict[int | None, NotificationPreference]:
    (account,) = await rows(
        journal,
        ChatAccount,
        ChatAccount.platform == Platform.TELEGRAM,
        ChatAccount.external_id == chat.account,
    )
    found = await rows(
        journal, NotificationPreference, NotificationPreference.chat_account_id == account.id
    )
    return {r.pupil_id: r for r in found}


def redrawn(chat: Chat) -> bool:
    return len(chat.replies) == 1 and chat.replies[0].edit


async def adopt(journal: Journal, tiny: TinySchool, guardian: str, *children: str) -> None:
    async def add(ctx: Ctx) -> None:
        for child in children:
            link = GuardianLink(guardian_id=tiny.people[guardian], pupil_id=tiny.people[child])
            ctx.session.add(link)

    await journal.run(add)


# Числова, class teacher of 5А, is also Дмитрий's (5Б) mother in the tests below.
MINE = "Для меня (классный руководитель)"


@pytest.fixture
async def father(journal: Journal, tiny: TinySchool) -> Chat:
    return await linked_chat(journal, tiny, "g2")


async def test_open_from_the_menu_and_toggle(
    journal: Journal, tiny: TinySchool, father: Chat
) -> None:
    assert settings_phrases.NOTIFICATIONS in father.labels
    await father.press(settings_phrases.NOTIFICATIONS)
    assert redrawn(father)
    assert father.text.startswith("Уведомления · Иван, 5А")
    assert "Тихие часы: 22:00–07:00" in father.text
    assert "Плохие оценки — двойки" in father.text
    assert father.labels == [*KIND_ROWS, settings_phrases.MORE, phrases.TO_MENU]
    assert await stored(journal, father) == {}

    await father.press("☐ Все оценки")
    assert redrawn(father) and "✅ Все оценки" in father.labels
    await father.press("☐ Карточка на завтра")
    assert "✅ Карточка на завтра" in father.labels and "✅ Все оценки" in father.labels
    row = (await stored(journal, father))[tiny.people["a1"]]
    assert row.all_marks and row.evening_card and row.absences

    await father.press(phrases.TO_MENU)
    assert "Главное меню · Иван, 5А" in father.text


async def test_switching_off_absences_warns_once(
    journal: Journal, tiny: TinySchool, father: Chat
) -> None:
    await father.send("Уведомления")
    assert not father.replies[0].edit  # typed: a new message
    await father.press("✅ Пропуски")
    assert father.text.startswith(settings_phrases.ABSENCES_OFF_WARNING)
    assert "☐ Пропуски" in father.labels
    assert not (await stored(journal, father))[tiny.people["a1"]].absences
    await father.press("☐ Все оценки")
    assert (
        settings_phrases.ABSENCES_OFF_WARNING not in father.text and "☐ Пропуски" in father.labels
    )
    await father.press("☐ Пропуски")
    assert (
        settings_phrases.ABSENCES_OFF_WARNING not in father.text and "✅ Пропуски" in father.labels
    )
    assert (await stored(journal, father))[tiny.people["a1"]].absences


async def test_threshold_general_and_per_subject(
    journal: Journal, tiny: TinySchool, father: Chat
) -> None:
    await father.send("/settings")
    assert settings_phrases.IN_SETTINGS in father.text
    await father.press(settings_phrases.NOTIFICATIONS)
    await father.press(settings_phrases.MORE)
    assert redrawn(father) and father.text.startswith("Порог и тихие часы · Иван, 5А")
    assert "✅ Только двойки" in father.labels and "Тройки и двойки" in father.labels
    await father.press("Тройки и двойки")
    assert redrawn(father) and "✅ Тройки и двойки" in father.labels
    assert "Плохая оценка — тройки и двойки." in father.text

    await father.press(settings_phrases.BY_SUBJECT)
    assert redrawn(father) and father.text.startswith("Порог по предметам · Иван, 5А")
    assert father.labels == [
        "Английский язык: 3 и ниже",
        "Математика: 3 и ниже",
        "Русский язык: 3 и ниже",
        settings_phrases.BACK,
    ]
    await father.press("Математика: 3 и ниже")
    assert redrawn(father) and "Математика: 2 и ниже ✎" in father.labels
    row = (await stored(journal, father))[tiny.people["a1"]]
    assert row.poor_mark_threshold == 3
    assert row.subject_thresholds == {str(tiny.subjects["math"]): 2}

    await father.press(settings_phrases.BACK)
    await father.press(settings_phrases.BACK)
    assert "Плохие оценки — тройки и двойки (Математика — 2 и ниже)" in father.text


async def test_quiet_hours_presets(journal: Journal, tiny: TinySchool, father: Chat) -> None:
    await father.send("настройки уведомлений")
    await father.press(settings_phrases.MORE)
    assert "✅ 22:00–07:00" in father.labels
    await father.press("23:00–08:00")
    assert redrawn(father) and "✅ 23:00–08:00" in father.labels
    assert "Тихие часы: 23:00–08:00" in father.text
    await father.press(settings_phrases.QUIET_NONE)
    assert (
        f"✅ {settings_phrases.QUIET_NONE}" in father.labels
        and settings_phrases.NO_QUIET in father.text
    )
    saved = await stored(journal, father)
    assert {(r.quiet_from, r.quiet_to) for r in saved.values()} == {("00:00", "00:00")}


async def test_a_forged_button_for_another_child_changes_nothing(
    journal: Journal, tiny: TinySchool, father: Chat
) -> None:
    anna = tiny.people["a2"]
    forged = [
        Notify(pupil=anna),
        NotifyKind(pupil=anna, kind="absences", on=False),
        NotifyMore(pupil=anna),
        NotifyThreshold(pupil=anna, threshold=3),
        NotifyQuiet(pupil=anna, start=time(0, 0), end=time(0, 0)),
        NotifySubjects(pupil=anna),
        NotifySubject(pupil=anna, subject=tiny.subjects["math"], threshold=3),
    ]
    for press in forged:
        await father.send_payload(pack(press))
        assert father.text == NOT_YOUR_CHILD, press
        assert "Анна" not in father.text and "Главное меню" not in father.text
        assert "Оценки" in father.labels  # a fresh menu to go on with
    assert await stored(journal, father) == {}


@pytest.mark.parametrize(
    "payload",
    [
        pack(NotifyKind(kind="nope", on=True)),  # no such kind
        f"{VERSION}Pk:absences:7",  # neither on nor off
        f"{VERSION}Pk:absences",
        pack(NotifyQuiet(start=time(13, 0), end=time(14, 0))),  # never offered
        f"{VERSION}Pq",
        f"{VERSION}Pt",
        f"{VERSION}Pj",
        "1Pk:i1:v2",  # a button of an older menu
    ],
)
async def test_a_button_missing_its_meaning_is_stale(
    journal: Journal, tiny: TinySchool, father: Chat, payload: str
) -> None:
    await father.send_payload(payload)
    assert phrases.STALE_BUTTON in father.text
    assert await stored(journal, father) == {}


async def test_garbage_values_are_refused_kindly(
    journal: Journal, tiny: TinySchool, father: Chat
) -> None:
    await father.send_payload(pack(NotifyThreshold(threshold=7)))
    assert father.text == BAD_THRESHOLD
    read = tiny.subjects["read"]  # a first-grade subject, not Ivan's
    await father.send_payload(pack(NotifySubject(subject=read, threshold=3)))
    assert "нет в расписании" in father.text
    garbage = ("Pk:absences:1:2:2", "Pz", "Pk:absences:01", "Pq:2100:" + "9" * 12, "Pt:2:x")
    for raw in [VERSION + g for g in garbage] + ["9Pk:absences:1"]:
        await father.send_payload(raw)
        assert phrases.STALE_BUTTON in father.text, raw
    await father.send_payload(pack(NotifySubjects(page=2**31 - 1)))
    assert "Математика: 2 и ниже" in father.labels  # a page beyond the last: the last one
    assert await stored(journal, father) == {}


async def test_a_guardian_of_two_picks_whose_settings(journal: Journal, tiny: TinySchool) -> None:
    mother = await linked_chat(journal, tiny, "g1")
    await mother.send("Уведомления")
    assert mother.text == settings_phrases.PICK_CHILD and not mother.replies[0].edit
    assert mother.labels == ["Иван, 5А", "Мария, 5Б", phrases.TO_MENU]
    await mother.press("Мария, 5Б")
    assert (
        mother.text.startswith("Уведомления · Мария, 5Б")
        and settings_phrases.SHARED_NOTE in mother.text
    )
    assert mother.labels[-2:] == [settings_phrases.MORE, settings_phrases.OTHER_CHILD]
    await mother.press("✅ Пропуски")
    await mother.press(settings_phrases.OTHER_CHILD)
    assert redrawn(mother) and mother.text == settings_phrases.PICK_CHILD
    await mother.press("Иван, 5А")
    assert "✅ Пропуски" in mother.labels  # Ivan's alerts stay on
    saved = await stored(journal, mother)
    assert saved[tiny.people["a1"]].absences and not saved[tiny.people["b1"]].absences

    # With a child chosen for the chat, the menu opens that child's settings at once, and
    # "Другой ребёнок" still asks.
    await mother.send("/children")
    await mother.press("Мария, 5Б")
    await mother.press(settings_phrases.NOTIFICATIONS)
    assert mother.text.startswith("Уведомления · Мария, 5Б") and "☐ Пропуски" in mother.labels
    await mother.press(settings_phrases.OTHER_CHILD)
    assert mother.text == settings_phrases.PICK_CHILD
    await mother.send("/settings")
    await mother.press(settings_phrases.NOTIFICATIONS)
    assert mother.text.startswith("Уведомления · Мария, 5Б")


async def test_a_pupil_and_a_teacher_have_their_own(journal: Journal, tiny: TinySchool) -> None:
    pupil = await linked_chat(journal, tiny, "a1")
    await pupil.press(settings_phrases.NOTIFICATIONS)
    assert pupil.text.startswith("Уведомления · Иван, 5А") and pupil.labels[:8] == KIND_ROWS
    await pupil.press("☐ Карточка на завтра")
    assert "✅ Карточка на завтра" in pupil.labels

    teacher = await linked_chat(journal, tiny, "math", account="200")
    await teacher.send("/settings")
    await teacher.press(settings_phrases.NOTIFICATIONS)
    assert teacher.text.startswith("Уведомления · Числова Мария Андреевна")
    assert settings_phrases.OWN_NOTE in teacher.text
    assert teacher.labels == [
        "✅ Риск по итоговой",
        "✅ Объявления",
        settings_phrases.MORE_OWN,
        phrases.TO_MENU,
    ]
    await teacher.press("✅ Объявления")
    assert (
        "☐ Объявления" in teacher.labels
        and settings_phrases.ABSENCES_OFF_WARNING not in teacher.text
    )
    await teacher.press(settings_phrases.MORE_OWN)
    assert teacher.text.startswith("Тихие часы · Числова Мария Андреевна")
    assert not any("двойки" in label for label in teacher.labels)
    await teacher.press("21:00–07:00")
    assert "✅ 21:00–07:00" in teacher.labels
    assert set(await stored(journal, pupil)) == {None}  # a pupil's own row
    (row,) = (await stored(journal, teacher)).values()
    assert (row.pupil_id, row.announcements, row.quiet_from) == (None, False, "21:00")


async def test_a_teacher_who_is_a_parent_reaches_her_own_and_her_childs(
    journal: Journal, tiny: TinySchool
) -> None:
    await adopt(journal, tiny, "math", "b2")
    mother = await linked_chat(journal, tiny, "math")
    dima = tiny.people["b2"]
    await mother.press(
        settings_phrases.NOTIFICATIONS
    )  # the menu's button names Дмитрий, yet she is asked
    assert redrawn(mother) and mother.text == settings_phrases.PICK_CHILD
    assert mother.labels == ["Дмитрий, 5Б", MINE, phrases.TO_MENU]

    await mother.press(MINE)
    assert mother.text.startswith("Уведомления · Числова Мария Андреевна")
    assert (
        settings_phrases.OWN_NOTE in mother.text
        and settings_phrases.SHARED_WITH_WORK_NOTE in mother.text
    )
    assert mother.labels == [
        "✅ Риск по итоговой",
        "✅ Объявления",
        settings_phrases.MORE_OWN,
        settings_phrases.BACK,
    ]
    await mother.press("✅ Риск по итоговой")
    assert redrawn(mother) and "☐ Риск по итоговой" in mother.labels
    await mother.press(settings_phrases.MORE_OWN)
    assert mother.text.startswith("Тихие часы · Числова Мария Андреевна")
    await mother.press("21:00–07:00")
    assert "✅ 21:00–07:00" in mother.labels
    await mother.press(settings_phrases.BACK)  # to her own screen, not to the picker
    assert mother.text.startswith("Уведомления · Числова") and "☐ Риск по итоговой" in mother.labels
    await mother.press(settings_phrases.BACK)
    assert redrawn(mother) and mother.text == settings_phrases.PICK_CHILD

    # Дмитрий's screen is a parent's, as before: his own final marks, quiet hours shared.
    await mother.press("Дмитрий, 5Б")
    assert (
        mother.text.startswith("Уведомления · Дмитрий, 5Б")
        and settings_phrases.OWN_NOTE not in mother.text
    )
    assert mother.labels == [*KIND_ROWS, settings_phrases.MORE, settings_phrases.BACK]
    assert "Тихие часы: 21:00–07:00" in mother.text
    await mother.press("✅ Пропуски")
    assert "☐ Пропуски" in mother.labels
    saved = await stored(journal, mother)
    assert set(saved) == {None, dima}
    assert not saved[None].final_risk and saved[dima].final_risk
    assert saved[None].absences and not saved[dima].absences
    assert {(r.quiet_from, r.quiet_to) for r in saved.values()} == {("21:00", "07:00")}

    await mother.send("Уведомления")  # typed: asked again, in a new message
    assert mother.text == settings_phrases.PICK_CHILD and not mother.replies[0].edit
    await mother.press(MINE)
    await mother.press(settings_phrases.MORE_OWN)
    await mother.press(phrases.TO_MENU)
    assert "Главное меню · Дмитрий, 5Б" in mother.text


async def test_a_teacher_with_two_children_switches_between_all_three(
    journal: Journal, tiny: TinySchool
) -> None:
    await adopt(journal, tiny, "math", "b2", "c1")
    mother = await linked_chat(journal, tiny, "math")
    # Her menu is full: the settings lead to the notifications.
    await mother.send("/settings")
    await mother.press(settings_phrases.NOTIFICATIONS)
    assert mother.labels == ["Ева, 1А", "Дмитрий, 5Б", MINE, phrases.TO_MENU]
    await mother.press("Ева, 1А")
    assert (
        mother.text.startswith("Уведомления · Ева, 1А") and settings_phrases.UNMARKED in mother.text
    )
    assert mother.labels[-2:] == [settings_phrases.MORE_OWN, settings_phrases.OTHER_CHILD]
    await mother.press(settings_phrases.OTHER_CHILD)
    assert MINE in mother.labels
    await mother.press(MINE)
    assert mother.labels == [
        "✅ Риск по итоговой",
        "✅ Объявления",
        settings_phrases.MORE_OWN,
        settings_phrases.BACK,
    ]


async def test_a_teacher_who_is_a_parent_sets_nobody_elses(
    journal: Journal, tiny: TinySchool
) -> None:
    await adopt(journal, tiny, "math", "b2")
    mother = await linked_chat(journal, tiny, "math")
    # Anna is in her class (she may read Anna's marks, not choose what Anna's parents hear);
    # Словесников is a colleague, Сергей Иванов a parent.
    for someone in ("a2", "rus", "g2"):
        other = tiny.people[someone]
        forged = [
            Notify(pupil=other, whose=Whose.SHOWN),
            NotifyKind(pupil=other, kind="final_risk", on=False),
            NotifyKind(pupil=other, kind="absences", on=False),
            NotifyMore(pupil=other),
            NotifyThreshold(pupil=other, threshold=3),
            NotifyQuiet(pupil=other, start=time(0, 0), end=time(0, 0)),
            NotifySubjects(pupil=other),
            NotifySubject(pupil=other, subject=tiny.subjects["math"], threshold=3),
        ]
        for press in forged:
            await mother.send_payload(pack(press))
            assert mother.text == NOT_YOUR_CHILD, press
    # A button without a pupil does not guess whose: she is asked.
    await mother.send_payload(pack(NotifyKind(kind="absences", on=False)))
    assert mother.text == settings_phrases.PICK_CHILD
    assert await stored(journal, mother) == {}


SETTINGS_ACTIONS = [a for a in actions() if a.__module__ == settings_actions.__name__]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pressed=strategies.lists(presses(SETTINGS_ACTIONS).map(pack), min_size=1, max_size=4))
async def test_random_settings_buttons_touch_only_the_fathers_own_rows(
    journal: Journal, tiny: TinySchool, father: Chat, pressed: list[str]
) -> None:
    for raw in pressed:
        await father.send_payload(raw)
        assert father.replies and phrases.SOMETHING_WRONG not in father.text, raw
        assert not any(name in father.text for name in NOT_IVANS), (raw, father.text)
    assert set(await stored(journal, father)) <= {None, tiny.people["a1"]}


async def test_a_guardian_whose_child_left_keeps_the_notice_board(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await linked_chat(journal, tiny, "g3")
    anna = tiny.people["a2"]
    await journal.run(
        lambda ctx: ctx.session.execute(
            update(Enrollment).where(Enrollment.pupil_id == anna).values(is_active=False)
        )
    )
    await chat.send("/settings")
    await chat.press(settings_phrases.NOTIFICATIONS)
    assert chat.text.startswith("Уведомления · Петров Николай")
    assert settings_phrases.UNMARKED not in chat.text and settings_phrases.OWN_NOTE not in chat.text
    assert chat.labels == ["✅ Объявления", settings_phrases.MORE_OWN, phrases.TO_MENU]
    await chat.send_payload(pack(Notify(pupil=anna)))
    assert chat.text == NO_ACCESS_TO_PUPIL  # no longer at school: nothing to set for her


def many_subjects(count: int) -> NotificationSettings:
    subjects = tuple(
        SubjectThreshold(n, f"Основы безопасности жизнедеятельности {n}", 2 + n % 2, n % 2 == 1)
        for n in range(1, count + 1)
    )
    return NotificationSettings(None, KINDS, frozenset(KINDS), 2, subjects, "22:00", "07:00")


def four_children() -> tuple[PupilBrief, ...]:
    return tuple(PupilBrief(n, f"Иванов {n}", f"Ребёнок {n}", 1, "11Б") for n in range(1, 5))


@pytest.mark.parametrize("platform", [Platform.TELEGRAM, Platform.VK])
def test_every_screen_is_one_vk_keyboard_so_a_tap_redraws_it(platform: Platform) -> None:
    view = many_subjects(15)
    screens = [
        settings_menus.settings_menu(view, 7, settings_phrases.OTHER_CHILD),
        settings_menus.settings_menu(view, 7),
        settings_menus.more_menu(view, 7),
        settings_menus.children_menu(four_children(), (99, MINE)),
    ]
    if platform == Platform.VK:
        screens += [settings_menus.subjects_menu(view, 7, page, platform)[0] for page in (1, 2, 3)]
    screens += [menus.family_menu(7, *who) for who in product((False, True), repeat=3)]
    for keyboard in screens:
        assert len(render_pages(keyboard)) == 1, [b.label for b in keyboard.buttons()]
    keyboard, page, pages = settings_menus.subjects_menu(view, 7, 1, platform)
    labels = [b.label for b in keyboard.buttons()]
    assert all(len(label) <= 40 for label in labels)
    # A long name is cut, never the threshold.
    assert labels[0] == "Основы безопасности жизнеде…: 3 и ниже ✎" and len(labels[0]) == 40
    assert (page, pages) == ((1, 3) if platform == Platform.VK else (1, 1))
    assert settings_menus.subject_page(view, 15, platform) == (3 if platform == Platform.VK else 1)
