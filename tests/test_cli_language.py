"""The command line speaks Russian in argparse's own words too: usage lines, help and errors."""

import ast
import gettext
import os
import re
from pathlib import Path

import pytest

from bot.cli import COMMANDS, LOCALE_DIR, MESSAGES_DOMAIN, main

SOURCE = LOCALE_DIR / "ru" / "LC_MESSAGES" / f"{MESSAGES_DOMAIN}.po"
ENGLISH = re.compile(
    r"usage:|options:|positional arguments|show this help|error:|required|invalid choice"
    r"|unrecognized|expected|argument"
)


def _unquote(line: str) -> str:
    """The string of a line such as `msgstr "…\\n"` (a .po string is written as in C)."""
    text: str = ast.literal_eval(line.split(" ", 1)[1])
    return text


def source_entries(path: Path) -> list[tuple[str, str | None, list[str]]]:
    """(msgid, msgid_plural, msgstrs) of each entry of our .po file (one line per string)."""
    entries: list[tuple[str, str | None, list[str]]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        if not lines or lines[0] == 'msgid ""':
            continue
        msgid = _unquote(lines[0])
        plural = _unquote(lines[1]) if lines[1].startswith("msgid_plural") else None
        strings = [_unquote(line) for line in lines if line.startswith("msgstr")]
        entries.append((msgid, plural, strings))
    return entries


@pytest.fixture(autouse=True)
def english_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'journal.sqlite3'}")


def test_the_compiled_catalogue_says_what_its_source_says() -> None:
    russian = gettext.translation(MESSAGES_DOMAIN, LOCALE_DIR, languages=["ru"])
    entries = source_entries(SOURCE)
    assert len(entries) >= 15
    for msgid, plural, strings in entries:
        if plural is None:
            assert russian.gettext(msgid) == strings[0], msgid
        else:  # one, few, many: 1, 3, 5
            for count, expected in zip((1, 3, 5), strings, strict=True):
                assert russian.ngettext(msgid, plural, count) == expected, msgid


def test_a_missing_argument_is_told_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import"]) == 2
    err = capsys.readouterr().err
    assert "использование: journal import" in err
    assert "journal import: ошибка: не хватает аргументов: ВИД, ФАЙЛ" in err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["frobnicate"], "нет такого варианта: 'frobnicate' (возможны: 'demo'"),
        (["status", "--bogus"], "непонятные аргументы: --bogus"),
        (["invites", "--class"], "аргумент --class: после параметра нужно значение"),
        (["year", "fly"], "нет такого варианта: 'fly'"),
    ],
)
def test_usage_errors_are_told_in_russian(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err
    assert not ENGLISH.search(err), err


def test_every_help_page_is_russian(capsys: pytest.CaptureFixture[str]) -> None:
    pages = [["--help"], *([name, "--help"] for name in COMMANDS)]
    pages += [["roster", step, "--help"] for step in ("admit", "move", "leave", "guardian")]
    pages += [["year", step, "--help"] for step in ("close", "promote", "archive")]
    for argv in pages:
        assert main(argv) == 0, argv
        out = capsys.readouterr().out
        assert out.startswith("использование: journal"), argv
        assert "-h, --help" in out and "показать эту справку и выйти" in out, argv
        assert not ENGLISH.search(out), (argv, out)


def test_the_language_of_the_machine_is_left_as_it_was(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["--help"])
    capsys.readouterr()
    assert os.environ["LANGUAGE"] == "en"
    assert gettext.textdomain() == "messages"
