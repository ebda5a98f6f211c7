"""The terminal chat: lines in, numbered buttons out, the same conversation as the messengers."""

import argparse
import io
from pathlib import Path

import pytest

from bot import demo_session
from bot.commands import demo
from bot.terminal_chat import REDRAWN, event_for, render, terminal_chat
from handlers.core.conversation import Conversation
from handlers.core.io import Reply
from keyboards.model import Button, Keyboard
from services.context import Journal
from services.errors import NotFound
from tests.test_conversation_kit import add_records, calm
from tests.tiny_school import TinySchool


async def talk(journal: Journal, tiny: TinySchool, who: str, typed: str) -> str:
    person_id = await journal.run(demo_session.find_person, who)
    actor = await demo_session.link_terminal(journal, person_id)
    out = io.StringIO()
    await terminal_chat(Conversation(journal, throttle=calm()), actor, io.StringIO(typed), out)
    return out.getvalue()


async def test_a_scripted_session_as_a_guardian_of_two(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    output = await talk(journal, tiny, "guardian", "Оценки\n2\n6\n6\n2\n")
    assert "Вы вошли как: Иванова Елена (родитель)" in output
    assert "Главное меню · Иван, 5А" in output  # the first child, answered at once
    assert "[1] Оценки  [2] Домашнее задание" in output
    assert "> Оценки\n\nПоследние оценки · Иван, 5А" in output
    assert "Оценки за 2 четверть · Иван, 5А" in output  # 2: "По предметам"
    assert "ещё две пятёрки — и выйдет 5" in output
    assert "Чьи данные показывать?\n[1] Иван, 5А\n[2] Мария, 5Б" in output  # 6, 6
    assert "Теперь показываю: Мария, 5Б." in output
    assert output.rstrip().endswith("До свидания!")


async def test_numbers_out_of_range_are_text(journal: Journal, tiny: TinySchool) -> None:
    output = await talk(journal, tiny, "pupil", "99\n\n")
    assert "Вы вошли как: Иванов Иван (ученик)" in output
    assert "> 99\n\nНе понял" in output


async def test_staff_are_linked_by_the_administrators_code(journal: Journal, tiny) -> None:
    output = await talk(journal, tiny, "class_teacher", "2\n")  # "Уроки за день"
    assert "Вы вошли как: Числова Мария Андреевна" in output
    assert "Мои уроки на ср, 18 ноября" in output and "5А Математика" in output


async def test_personas_and_ids(journal: Journal, tiny: TinySchool) -> None:
    expected = {
        "guardian": "g1",
        "pupil": "a1",
        "teacher": "eng1",
        "class_teacher": "math",
        "deputy": "deputy",
        "director": "director",
        str(tiny.people["b2"]): "b2",
    }
    for who, key in expected.items():
        assert await journal.run(demo_session.find_person, who) == tiny.people[key], who
    for unknown in ("king", "999999"):
        with pytest.raises(NotFound):
            await journal.run(demo_session.find_person, unknown)


async def test_running_again_as_someone_else_relinks(journal: Journal, tiny: TinySchool) -> None:
    await talk(journal, tiny, "pupil", "")
    second = await talk(journal, tiny, "director", "")
    assert "Вы вошли как: Директорова Галина Ивановна" in second
    assert "Главное меню · Директорова Галина Ивановна" in second


def test_buttons_are_numbered_across_rows() -> None:
    keyboard = Keyboard.of([Button("А", "1M"), Button("Б", "1?")], [Button("В", "1S")])
    out = io.StringIO()
    buttons = render([Reply("Первое"), Reply("Второе", keyboard)], out)
    assert out.getvalue() == "\nПервое\n\nВторое\n[1] А  [2] Б\n[3] В\n"
    assert event_for("3\n", buttons, "t").payload == "1S"
    assert event_for("4\n", buttons, "t").text == "4"
    assert event_for("Оценки\n", buttons, "t").text == "Оценки"


def test_the_command_seeds_links_and_ends_at_the_end_of_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(demo, "DEMO_PUPILS", 30)  # small: the test stays quick
    monkeypatch.setattr("sys.stdin", io.StringIO("Оценки\n"))
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}"
    parser = argparse.ArgumentParser()
    demo.register(parser.add_subparsers())
    args = parser.parse_args(["demo", "--database-url", url, "--as", "pupil"])
    assert args.func(args) == 0
    output = capsys.readouterr().out
    assert "(ученик)" in output and "Последние оценки" in output
    assert output.rstrip().endswith("До свидания!")
    monkeypatch.setattr("sys.stdin", None)  # no input at all, as in CI: the menu, then exit
    assert args.func(args) == 0
    assert "Главное меню" in capsys.readouterr().out


def test_a_number_written_on_a_button_presses_that_button() -> None:
    marks = [Button(label, f"1K{label}") for label in ("5", "4", "3", "2", "1")]
    brush = [Button("▸5", "1B5"), Button("4", "1B4"), Button("Иванов И. 5", "1T")]
    assert event_for("5\n", marks, "t").payload == "1K5"  # the mark 5, not the 5th button
    assert event_for("1", marks, "t").payload == "1K1"
    assert event_for("[5]", marks, "t").payload == "1K1"  # by number, in brackets
    assert event_for("#1", marks, "t").payload == "1K5"
    assert event_for("5", brush, "t").payload == "1B5"  # "▸5" reads "5"
    assert event_for("3", brush, "t").payload == "1T"  # no button reads "3": the third
    assert event_for("[9]", brush, "t").text == "[9]"


def test_an_edit_is_drawn_again_under_a_line() -> None:
    out = io.StringIO()
    render([Reply("Главное меню", edit=True), Reply("Новое")], out)
    assert out.getvalue() == f"\n{REDRAWN}\nГлавное меню\n\nНовое\n"


def test_a_typed_label_of_a_button_shown_presses_it() -> None:
    buttons = [Button("Перекличка", "1Rc"), Button("✓ Иванов И.", "1Rt"), Button("В меню", "1M")]
    assert event_for("Перекличка\n", buttons, "t").payload == "1Rc"
    assert event_for("  перекличка ", buttons, "t").payload == "1Rc"
    assert event_for("Иванов И.", buttons, "t").payload == "1Rt"  # "✓" is a mark, not a word
    assert event_for("Иванов н", buttons, "t").text == "Иванов н"  # the roll call's typing
    assert event_for("Оценки", buttons, "t").text == "Оценки"  # not shown: the text goes on
    twice = [Button("Сохранить", "1A"), Button("Сохранить", "1B")]
    assert event_for("Сохранить", twice, "t").text == "Сохранить"


async def test_typed_labels_in_the_demo_work_or_say_why_not(
    journal: Journal, tiny: TinySchool
) -> None:
    """Issue 15: the labels of the buttons on screen work typed; the main menu's labels are read
    anywhere, and one of another role's menu gets an answer that says whose it is."""
    guardian = await talk(
        journal, tiny, "guardian", "Итоговые оценки\nОтчёты\nУченики и классы\nПерекличка\n"
    )
    assert "> Итоговые оценки\n\nИтоговые оценки · Иван, 5А" in guardian  # not a teacher's
    assert "> Отчёты\n\nОтчёты доступны администрации" in guardian
    assert "> Ученики и классы\n\nСостав учеников и сотрудников меняет администратор" in guardian
    assert "> Перекличка\n\nНе понял" in guardian  # on no screen of theirs
    teacher = await talk(
        journal,
        tiny,
        "teacher",
        "Отчёты\nВ меню\nВыбрать ребёнка\nУроки за день\n3. 5А Английский язык\nперекличка\n",
    )
    assert "> Отчёты\n\n" + REDRAWN + "\nОтчёты · ваши классы и предметы" in teacher
    assert "> 3. 5А Английский язык\n\n" + REDRAWN + "\n5А · Английский язык" in teacher
    assert "> перекличка\n\n" + REDRAWN + "\nПерекличка · 5А · Английский язык" in teacher
    assert "> Выбрать ребёнка\n\nЭто раздел для родителей и учеников." in teacher
    assert "Не понял" not in teacher and "устарела" not in teacher
