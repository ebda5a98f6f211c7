"""A wrong DATABASE_URL in one clear line: what is wrong and what to write instead, for every
command alike (bot.cli), instead of a driver's traceback."""

import socket

SQLITE_EXAMPLE = "sqlite+aiosqlite:///journal.sqlite3"
POSTGRES_EXAMPLE = "postgresql+asyncpg://пользователь:пароль@сервер:5432/journal"
DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg"}


class BadDatabaseUrl(Exception):
    """The URL cannot work; the message says what to change."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_database_url(url: str) -> None:
    """Raises BadDatabaseUrl for a URL that names no database we run on, or a driver that
    does not fit (the journal runs on asyncio: sqlite+aiosqlite, postgresql+asyncpg)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadDatabaseUrl(
            f"DATABASE_URL «{url}» — не адрес базы данных. Напишите, например, "
            f"{SQLITE_EXAMPLE} или {POSTGRES_EXAMPLE}."
        ) from None
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if backend not in DRIVERS:
        raise BadDatabaseUrl(
            f"База «{backend}» не поддерживается: журнал работает с SQLite или PostgreSQL. "
            f"Укажите в DATABASE_URL {SQLITE_EXAMPLE} или {POSTGRES_EXAMPLE}."
        )
    if driver != DRIVERS[backend]:
        fixed = f"{backend}+{DRIVERS[backend]}"
        raise BadDatabaseUrl(
            f"В DATABASE_URL нужен асинхронный драйвер: начните адрес с {fixed}:// "
            f"вместо {parsed.drivername}://, например "
            f"{SQLITE_EXAMPLE if backend == 'sqlite' else POSTGRES_EXAMPLE}."
        )


def explain(exc: BaseException, url: str) -> str | None:
    """One line for a database that cannot be reached or read; None when `exc` is not that."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    try:
        parsed = make_url(url)
        shown = parsed.render_as_string(hide_password=True)
        where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    except Exception:  # an unparsable URL was refused before; never fail while explaining
        shown, where, parsed = url, "", None
    server = parsed is not None and parsed.get_backend_name() == "postgresql"
    reason = _reason(exc)
    if server and isinstance(exc, (OSError, socket.gaierror, TimeoutError)):
        return (
            f"Сервер PostgreSQL {where} не отвечает ({reason}): проверьте, что он запущен "
            "и что адрес и порт в DATABASE_URL (или --database-url) верны."
        )
    if isinstance(exc, OSError):
        return f"Нет доступа к базе {shown} ({reason}): проверьте путь и права на файл."
    if isinstance(exc, SQLAlchemyError):
        return (
            f"База {shown} ответила ошибкой ({reason}). Если схема старая, выполните "
            "journal migrate; если неверны имя, пароль или база — исправьте DATABASE_URL."
        )
    if type(exc).__module__.startswith("asyncpg"):
        return (
            f"PostgreSQL {where} отказал ({reason}): проверьте имя, пароль и базу в DATABASE_URL."
        )
    return None


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
