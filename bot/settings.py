from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///journal.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # A URL may carry the database's password: out of the repr, as the tokens are.
    database_url: str = Field(DEFAULT_DATABASE_URL, repr=False)
    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    # The bot's @username for the deep links printed on invite slips; asked of Telegram at
    # start when not set.
    telegram_bot_username: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    # Where the webhook server listens; a TLS-terminating proxy forwards TELEGRAM_WEBHOOK_URL here.
    telegram_webhook_host: str = "127.0.0.1"
    telegram_webhook_port: int = 8080
    vk_group_token: SecretStr | None = None
    vk_group_id: int | None = None
    vk_api_url: str = "https://api.vk.com/"
    # Seconds a Bots Long Poll request waits for events; also bounds how long a stop can take.
    vk_longpoll_wait: int = 25
    max_bot_token: SecretStr | None = None
    max_api_url: str = "https://platform-api2.max.ru"
    # The bot's name for the links max.ru/<name>?start=<code> on invite slips; asked of MAX at
    # start when not set.
    max_bot_username: str | None = None
    # Webhook (production; long polling is for development only): the HTTPS address on port
    # 443 that MAX posts to, its secret, and where the bot listens behind the TLS proxy.
    max_webhook_url: str | None = None
    max_webhook_secret: SecretStr | None = None
    max_webhook_host: str = "127.0.0.1"
    max_webhook_port: int = 8081
    # The nightly copy of the database (journal run makes it; 0 days turns it off): where, after
    # which local hour, and how many days of copies are kept.
    backup_dir: str = "backups"
    backup_keep_days: int = Field(14, ge=0)
    backup_hour: int = Field(3, ge=0, le=23)
    backup_timezone: str = "Europe/Moscow"

    @field_validator("backup_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"неизвестный часовой пояс {value!r}, например Europe/Moscow") from exc
        return value

    def secret_values(self) -> list[str]:
        """Every secret these settings hold, for cutting out of the log."""
        secrets = [
            self.telegram_bot_token,
            self.telegram_webhook_secret,
            self.vk_group_token,
            self.max_bot_token,
            self.max_webhook_secret,
        ]
        found = [s.get_secret_value() for s in secrets if s is not None]
        password = make_url(self.database_url).password
        return [*found, str(password)] if password else found
