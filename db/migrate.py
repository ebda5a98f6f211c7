"""Alembic, driven from code: works from a checkout and from an installed package alike."""

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

HERE = Path(__file__).resolve().parent
ALEMBIC_INI = HERE / "alembic.ini"
MIGRATIONS_DIR = HERE / "migrations"

# Alembic keeps the running migration in module-level proxies (alembic.context, alembic.op):
# two commands at once in one process would trample each other. Across processes,
# env.py takes a PostgreSQL advisory lock.
_ALEMBIC_LOCK = threading.Lock()


def _escape(value: str) -> str:
    # Config values go through ConfigParser interpolation, where "%" is special.
    return value.replace("%", "%%")


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", _escape(str(MIGRATIONS_DIR)))
    if database_url is not None:
        # Through attributes, not the ini option: URLs may hold "%"-escaped passwords.
        config.attributes["database_url"] = database_url
    return config


def _refuse_inside_event_loop(name: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(
        f"{name}() blocks and starts its own event loop; "
        f"inside a running loop await {name}_async() instead"
    )


def _run(step: Callable[[Config, str], None], database_url: str, revision: str) -> None:
    with _ALEMBIC_LOCK:
        step(alembic_config(database_url), revision)


def upgrade_to_head(database_url: str) -> None:
    _refuse_inside_event_loop("upgrade_to_head")
    _run(command.upgrade, database_url, "head")


def upgrade(database_url: str, revision: str) -> None:
    _refuse_inside_event_loop("upgrade")
    _run(command.upgrade, database_url, revision)


def downgrade(database_url: str, revision: str) -> None:
    _refuse_inside_event_loop("downgrade")
    _run(command.downgrade, database_url, revision)


# env.py runs its own event loop, which needs a thread without one.
async def upgrade_to_head_async(database_url: str) -> None:
    await asyncio.to_thread(_run, command.upgrade, database_url, "head")


async def upgrade_async(database_url: str, revision: str) -> None:
    await asyncio.to_thread(_run, command.upgrade, database_url, revision)


async def downgrade_async(database_url: str, revision: str) -> None:
    await asyncio.to_thread(_run, command.downgrade, database_url, revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
