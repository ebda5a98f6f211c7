from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.settings import Settings

DATABASE_URL = "postgresql+asyncpg://journal:db-pass-31337@db.example:5432/journal"
TELEGRAM_TOKEN = "123456:tg-token-31337"


def test_the_settings_repr_shows_no_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's working directory
    settings = Settings(
        database_url=DATABASE_URL,
        telegram_bot_token=SecretStr(TELEGRAM_TOKEN),
        telegram_webhook_secret=SecretStr("hook-secret-31337"),
        vk_group_token=SecretStr("vk1.a.vk-token-31337"),
    )
    shown = f"{settings!r} {settings!s}"
    assert "31337" not in shown
    assert "vk_group_id" in shown  # what is not secret is still shown
    assert settings.database_url == DATABASE_URL
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == TELEGRAM_TOKEN
