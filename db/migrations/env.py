import asyncio
import os
from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, func, pool, select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.types import TypeDecorator

import db.models  # noqa: F401  (registers every table on the metadata)
from db.base import Base
from db.engine import SQLITE_BUSY_TIMEOUT_MS

config = context.config
target_metadata = Base.metadata
# Any fixed number: the PostgreSQL advisory lock that lets one process migrate at a time.
MIGRATION_LOCK_KEY = 7_301_865_234


def database_url() -> str:
    url = (
        config.attributes.get("database_url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("DATABASE_URL")
    )
    if not url:
        raise RuntimeError("No database URL: set DATABASE_URL or pass it to db.migrate.")
    return str(url)


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    # Migrations must not import model code that may change later: a TypeDecorator
    # (UtcDateTime) is written as the plain column type it stores.
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def configure_options() -> dict[str, Any]:
    return {
        "target_metadata": target_metadata,
        # SQLite cannot ALTER most things, batch mode copies the table instead; other
        # backends run batch operations directly, so a revision generated on PostgreSQL
        # still works on SQLite.
        "render_as_batch": True,
        "render_item": render_item,
        "compare_type": True,
    }


def run_migrations_offline() -> None:
    url = database_url()
    context.configure(
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **configure_options(),
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, **configure_options())
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Several bot workers may start at once: one migrates, the others wait for it
            # and then find the schema at head.
            connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        context.run_migrations()


async def run_async_migrations(url: str) -> None:
    # No pragmas from db.engine here: with foreign keys ON, SQLite's batch mode would
    # cascade-delete child rows when it drops and recreates a parent table.
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000} if url.startswith("sqlite") else {}
    engine = create_async_engine(url, poolclass=pool.NullPool, connect_args=connect_args)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
        return
    asyncio.run(run_async_migrations(database_url()))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
