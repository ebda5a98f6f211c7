"""`journal import <вид> <файл>`: load the school from its own files; a dry run unless --apply."""

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from db.engine import make_engine, make_session_factory
from services.context import Journal
from services.errors import JournalError
from services.school_import.report import ImportReport
from services.school_import.service import KIND_TITLES, ImportKind, import_file

MAX_FILE_BYTES = 50 * 1024 * 1024


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    kinds = "; ".join(f"{k.value} — {title}" for k, title in KIND_TITLES.items())
    parser = subparsers.add_parser(
        "import",
        help="загрузить школу из файлов: списки, нагрузку, расписание",
        description=(
            "Проверяет файл и говорит, что будет добавлено, изменено и оставлено как есть. "
            "Записывает только с --apply, целиком или ничего. Повторная загрузка того же "
            f"файла ничего не меняет. Виды файлов: {kinds}."
        ),
    )
    parser.add_argument("kind", choices=[k.value for k in ImportKind], metavar="ВИД")
    parser.add_argument("file", type=Path, metavar="ФАЙЛ")
    done = parser.add_mutually_exclusive_group()
    done.add_argument("--apply", action="store_true", help="записать (без него — проверка)")
    # As `journal roster ... --check`: said outright, though a run without --apply checks too.
    done.add_argument("--check", action="store_true", help="только проверить, ничего не меняя")
    parser.add_argument("--school", type=int, metavar="ID", help="id школы, если их несколько")
    parser.add_argument(
        "--database-url", metavar="URL", help="база данных (по умолчанию DATABASE_URL)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            print(f"Файл {path} больше 50 МБ: это не похоже на список школы.", file=sys.stderr)
            return 1
        content = path.read_bytes()
    except OSError as exc:
        print(f"Не получается прочитать файл {path}: {exc.strerror}", file=sys.stderr)
        return 1
    url = args.database_url or Settings().database_url
    try:
        report = asyncio.run(_import(url, args, path.name, content))
    except JournalError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"Нет доступа к базе данных (выполнен ли journal migrate?): {exc}", file=sys.stderr)
        return 1
    print(report.render())
    if not args.apply and report.has_changes:
        print("Чтобы записать, повторите команду с --apply.")
    return 0


async def _import(url: str, args: argparse.Namespace, name: str, content: bytes) -> ImportReport:
    engine = make_engine(url)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    try:
        # transient: the bar goes once the report is printed; on stderr, out of the report.
        with Progress(*columns, transient=True, console=Console(stderr=True)) as progress:
            task = progress.add_task("Загрузка" if args.apply else "Проверка", total=None)

            def report(stage: str, done: int, total: int) -> None:
                progress.update(task, description=stage, completed=done, total=total or None)

            return await Journal(make_session_factory(engine)).run(
                import_file,
                ImportKind(args.kind),
                name,
                content,
                apply=args.apply,
                school_id=args.school,
                progress=report,
            )
    finally:
        await engine.dispose()
