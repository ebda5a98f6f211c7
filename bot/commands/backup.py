"""`journal backup` and `journal restore`: a copy of the whole database and its way back."""

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from db.backup import BackupError, backup_database, backup_suffix, restore_database, shown_url
from db.migrate import upgrade_to_head


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    backup = subparsers.add_parser(
        "backup",
        help="сделать копию базы данных",
        description=(
            "Копия всей базы журнала в один файл: для SQLite — средствами самой SQLite "
            "(можно при работающих ботах), для PostgreSQL — программой pg_dump "
            "(пакет postgresql-client). Без имени файла копия ложится в текущую папку "
            "под именем с датой и временем."
        ),
    )
    backup.add_argument("file", nargs="?", type=Path, help="куда записать копию")
    backup.add_argument("--database-url", metavar="URL", help="база (по умолчанию DATABASE_URL)")
    backup.set_defaults(func=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="восстановить базу данных из копии",
        description=(
            "Заменяет содержимое базы копией, сделанной journal backup, и обновляет схему "
            "до текущей версии. В базу, где уже есть данные, восстанавливает только с "
            "--force: всё записанное после копии пропадёт. Ботов на время восстановления "
            "лучше остановить."
        ),
    )
    restore.add_argument("file", type=Path, help="файл копии")
    restore.add_argument("--database-url", metavar="URL", help="база (по умолчанию DATABASE_URL)")
    restore.add_argument(
        "--force", action="store_true", help="заменить данные, которые уже есть в базе"
    )
    restore.set_defaults(func=run_restore)


def default_backup_name(url: str, now: datetime) -> Path:
    return Path(f"journal-{now:%Y-%m-%d-%H%M%S}{backup_suffix(url)}")


def run_backup(args: argparse.Namespace) -> int:
    url = args.database_url or Settings().database_url
    try:
        target = args.file or default_backup_name(url, datetime.now())
        result = asyncio.run(backup_database(url, target))
    except BackupError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Не удалось записать копию: {exc}", file=sys.stderr)
        return 1
    print(f"Копия базы {shown_url(url)} записана в {result.path} ({_size(result.size_bytes)}).")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    url = args.database_url or Settings().database_url
    try:
        asyncio.run(restore_database(url, args.file, force=args.force))
    except BackupError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"Нет доступа к базе данных {shown_url(url)}: {exc}", file=sys.stderr)
        return 1
    try:
        upgrade_to_head(url)
    except Exception as exc:  # a copy from a newer version: the data is back, the schema not
        print(
            f"База восстановлена из {args.file}, но схему обновить не удалось ({exc}). "
            "Возможно, копия сделана более новой версией журнала: обновите журнал "
            "и выполните journal migrate.",
            file=sys.stderr,
        )
        return 1
    print(f"База {shown_url(url)} восстановлена из {args.file}.")
    return 0


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} МБ".replace(".", ",")
    return f"{max(1, size // 1024)} КБ"
