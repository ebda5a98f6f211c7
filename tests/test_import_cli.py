"""`journal import`: a dry run by default, --apply writes, errors go to stderr."""

from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SchoolFile
from tests.school_files.class_lists import Pupil, class_list_one_sheet, sample_pupils


def test_dry_run_then_apply_then_again(
    school_file: SchoolFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ученики.xlsx"
    path.write_bytes(class_list_one_sheet(sample_pupils()))
    capsys.readouterr()
    assert main(["import", "pupils", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Проверка, ничего не записано" in out and "ученики: добавится 4" in out
    assert "повторите команду с --apply" in out
    assert main(["import", "pupils", str(path), "--apply"]) == 0
    assert "ученики: добавлено 4" in capsys.readouterr().out
    assert main(["import", "pupils", str(path), "--apply"]) == 0
    assert "Всё в журнале уже так, как в файле." in capsys.readouterr().out


def test_errors_and_missing_file(
    school_file: SchoolFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(class_list_one_sheet([Pupil("Петров Пётр", "31.02.2015", "5В")]))
    capsys.readouterr()
    assert main(["import", "pupils", str(path), "--apply"]) == 1
    assert "нет такой даты: «31.02.2015»" in capsys.readouterr().err
    assert main(["import", "pupils", str(tmp_path / "нет.xlsx")]) == 1
    assert "Не получается прочитать файл" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["pupils", "staff", "load", "year", "bells", "timetable"])
def test_a_template_imports_as_it_is(
    kind: str, school_file: SchoolFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"{kind}.xlsx"
    assert main(["template", kind, str(path)]) == 0
    assert "Шаблон записан" in capsys.readouterr().out
    assert main(["import", kind, str(path)]) == 0
    out = capsys.readouterr().out
    assert "Проверка, ничего не записано" in out and "Замечание" not in out
    assert main(["template", kind, str(path)]) == 1
    assert "уже есть" in capsys.readouterr().err


def test_subgroups_template_headers_are_understood(
    school_file: SchoolFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "subgroups.xlsx"
    assert main(["template", "subgroups", str(path)]) == 0
    assert main(["import", "subgroups", str(path)]) == 1
    # The headers are read; only the example pupil is not in the tiny school's 5А.
    assert "строка 3: в классе 5А нет ученика Иванов Иван Петрович" in capsys.readouterr().err
