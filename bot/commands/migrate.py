"""`journal migrate`: bring the database schema up to the newest revision."""

import argparse
import sys
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from db.migrate import upgrade_to_head


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="обновить схему базы данных до последней версии",
        description=(
            "Применяет миграции Alembic к базе из DATABASE_URL (SQLite или PostgreSQL). "
            "Повторный запуск ничего не меняет."
        ),
    )
    parser.set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    url = Settings().database_url
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        upgrade_to_head(url)
    except (OSError, SQLAlchemyError) as exc:
        print(f"Не удалось обновить схему базы {shown}: {exc}", file=sys.stderr)
        return 1
    print(f"Схема базы данных {shown} обновлена до последней версии.")
    return 0
