"""Linking a chat by invite code, consent before anything is shown, unlinking, forgetting."""

from db.enums import Platform
from db.models import ConversationState
from handlers.core.conversation import Conversation
from services.chat.accounts import account_status
from services.chat.state import NO_STATE, StoredState, clear_state, get_state, set_state
from services.context import Journal
from tests.test_conversation_kit import Chat, calm, invite_code, linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import count
from texts import phrases


def stranger(journal: Journal, account: str = "100") -> Chat:
    return Chat(Conversation(journal, throttle=calm()), account)


async def test_a_stranger_is_asked_for_a_code_and_shown_nothing(journal: Journal, tiny) -> None:
    chat = stranger(journal)
    await chat.send("Привет")
    assert chat.text == phrases.WELCOME
    await chat.send("Оценки")
    assert chat.text == phrases.WELCOME and chat.labels == []
    await chat.send("/marks")
    assert chat.text == phrases.WELCOME and chat.labels == []
    await chat.send("qwerty")  # after the greeting a text is taken for the code asked for
    assert "не похоже на код" in chat.text


async def test_deep_link_code_then_consent_then_menu(journal: Journal, tiny: TinySchool) -> None:
    chat = stranger(journal)
    code = await invite_code(journal, tiny, "g2")
    await chat.send(f"/start {code}")
    assert chat.replies[0].text == "Код принят: Иванов Сергей (родитель)."
    consent = chat.replies[1].text
    for part in ("МБОУ «Школа № 1»", "152-ФЗ", "Что обрабатывается", "Зачем", "Как отозвать"):
        assert part in consent
    assert chat.labels == ["Согласен", "Не согласен"]
    await chat.press("Согласен")
    assert "Главное меню · Иван, 5А" in chat.text
    assert chat.labels[:4] == ["Оценки", "Домашнее задание", "Расписание", "Посещаемость"]
    assert "Выбрать ребёнка" not in chat.labels


async def test_no_consent_nothing_shown_and_one_can_come_back(journal: Journal, tiny) -> None:
    chat = stranger(journal)
    await chat.send(f"/start {await invite_code(journal, tiny, 'a1')}")
    marks_button = "1m"
    await chat.press("Не согласен")
    assert chat.text == phrases.CONSENT_DECLINED
    for attempt in ("Оценки", "/schedule", "что-нибудь"):
        await chat.send(attempt)
        assert "Согласие на обработку персональных данных" in chat.text
        assert "Иван, 5А" not in chat.text
    await chat.send_payload(marks_button)
    assert "Согласие на обработку" in chat.text
    await chat.send("/start")
    await chat.press("Согласен")
    await chat.press("Оценки")
    assert "Последние оценки · Иван, 5А" in chat.text


async def test_the_code_can_follow_a_bare_start_typed_loosely(journal: Journal, tiny) -> None:
    chat = stranger(journal)
    await chat.send("/start")
    assert chat.text == phrases.WELCOME
    code = await invite_code(journal, tiny, "a1")
    # Lower case, spaces for hyphens, Cyrillic look-alike letters where they fit.
    typed = code.replace("-", " ").lower().replace("a", "а").replace("c", "с")
    await chat.send(typed)
    assert chat.replies[0].text.startswith("Код принят: Иванов Иван (ученик)")


async def test_a_girl_is_welcomed_as_a_pupil_in_the_feminine(journal: Journal, tiny) -> None:
    chat = stranger(journal)
    await chat.send(f"/start {await invite_code(journal, tiny, 'a2')}")
    assert chat.replies[0].text.startswith("Код принят: Петрова Анна (ученица)")


async def test_a_wrong_or_reused_code_is_refused(journal: Journal, tiny: TinySchool) -> None:
    chat = stranger(journal)
    await chat.send("/start KKKK-KKKK-KK")
    assert "Такого кода нет" in chat.text and "пришлите его ещё раз" in chat.text
    code = await invite_code(journal, tiny, "g3")
    await chat.send(f"/start {code}")
    assert "Код принят" in chat.text
    other = stranger(journal, "200")
    await other.send(f"/start {code}")
    assert "уже использован" in other.text


async def test_state_lives_in_the_database_across_workers(journal: Journal, tiny) -> None:
    await stranger(journal).send("/start")
    # Another worker takes the next message: it knows a code is awaited.
    chat = stranger(journal)
    await chat.send("nonsense")
    assert "Не получилось" in chat.text and "не похоже на код" in chat.text


async def test_unlink_with_confirmation(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Оценки")
    old_marks = chat.button("По предметам").payload
    await chat.press("В меню")
    await chat.press("Настройки")
    assert "Иванов Сергей" in chat.text
    await chat.press("Отвязать аккаунт")
    await chat.press("Отмена")
    assert "Главное меню · Иван, 5А" in chat.text
    await chat.press("Настройки")
    await chat.press("Отвязать аккаунт")
    await chat.press("Да, отвязать")
    assert chat.text == phrases.UNLINK_DONE
    await chat.send_payload(old_marks)
    assert chat.text == phrases.WELCOME
    status = await journal.run(account_status, Platform.TELEGRAM, chat.account)
    assert status.person_id is None and status.consent_given


async def test_forget_me_deletes_the_chat_account(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.send("/forget")
    assert chat.labels == ["Да, забыть меня", "Отмена"]
    await chat.send("да")
    assert chat.text == phrases.FORGET_DONE
    status = await journal.run(account_status, Platform.TELEGRAM, chat.account)
    assert not status.exists
    await chat.send("Оценки")
    assert chat.text == phrases.WELCOME


async def test_yes_means_nothing_without_a_question(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.send("да")
    assert phrases.NOT_UNDERSTOOD in chat.text
    await chat.send("/forget")
    await chat.press("Отмена")
    await chat.send("да")  # the question was left behind: this "да" answers nothing
    assert phrases.NOT_UNDERSTOOD in chat.text
    await chat.send("/unlink")
    await chat.send("Оценки")
    await chat.send("да")
    assert phrases.NOT_UNDERSTOOD in chat.text
    status = await journal.run(account_status, Platform.TELEGRAM, chat.account)
    assert status.person_id is not None


async def test_a_new_code_relinks_the_chat(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.send("/start KKKK-KKKK-KK")  # a wrong one changes nothing
    assert "Такого кода нет" in chat.text and "Оценки" in chat.labels
    await chat.press("Оценки")
    assert "Иван, 5А" in chat.text
    await chat.send(f"/start {await invite_code(journal, tiny, 'g3')}")
    assert "Код принят: Петров Николай" in chat.text
    # Consent is the person's, not the chat's: Петров Николай is asked for his.
    assert "Согласны?" in chat.text and "Главное меню" not in chat.text
    await chat.press("Согласен")
    assert "Главное меню · Анна, 5А" in chat.text


async def test_staff_get_a_short_menu_of_what_exists(journal: Journal, tiny: TinySchool) -> None:
    chat = stranger(journal)
    await chat.send(f"/start {await invite_code(journal, tiny, 'math')}")
    assert "сотрудник школы" in chat.replies[0].text
    assert phrases.CONSENT_WHOM_STAFF in chat.replies[1].text
    await chat.press("Согласен")
    assert "Главное меню · Числова Мария Андреевна" in chat.text
    assert chat.labels[:2] == ["Сейчас урок", "Уроки за день"]  # see test_staff_*.py
    await chat.send("Моё расписание")  # the timetable stays a typed label (and /lessons)
    assert "Мои уроки на ср, 18 ноября" in chat.text
    assert "1. 08:30–09:15 5А Математика, каб. 21" in chat.text
    assert "3. 10:30–11:15 5Б Математика, каб. 21" in chat.text
    await chat.press("Неделя")
    assert "Мои уроки на неделю 16–22 ноября" in chat.text
    assert "пт, 20 ноября" in chat.text
    await chat.press("◀ Пред. неделя")
    assert "9–15 ноября" in chat.text and chat.replies[0].edit
    await chat.send("Оценки")
    assert phrases.FAMILY_ONLY in chat.text


async def test_the_state_is_kept_in_one_row_per_chat(journal: Journal, tiny) -> None:
    assert await journal.run(get_state, Platform.VK, "7") == NO_STATE
    await journal.run(set_state, Platform.VK, "7", "schedule_week", {"week": 1})
    await journal.run(set_state, Platform.VK, "7", "awaiting_code")
    await journal.run(set_state, Platform.TELEGRAM, "7", "confirm_forget")
    assert await journal.run(get_state, Platform.VK, "7") == StoredState("awaiting_code", "{}", 2)
    assert await count(journal, ConversationState) == 2
    await journal.run(clear_state, Platform.VK, "7")
    assert await journal.run(get_state, Platform.VK, "7") == NO_STATE
    assert (await journal.run(get_state, Platform.TELEGRAM, "7")).name == "confirm_forget"
