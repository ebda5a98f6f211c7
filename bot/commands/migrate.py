"""`journal migrate`: bring the database schema up to the newest revision."""

import argparse
from typing import Any


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


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url  # loads only now: --help stays quick

    from bot.settings import Settings
    from db.migrate import upgrade_to_head

    url = args.database_url or Settings().database_url
    shown = make_url(url).render_as_string(hide_password=True)
    upgrade_to_head(url)
    print(f"Схема базы данных {shown} обновлена до последней версии.")
    return 0
