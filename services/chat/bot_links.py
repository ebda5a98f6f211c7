"""Where the printed invite slips send people: the bot on Telegram and MAX, the VK community."""

from dataclasses import dataclass

# MAX passes a start payload of at most 512 characters to the bot, and drops a longer one.
MAX_START_PAYLOAD = 512


@dataclass(frozen=True)
class BotLinks:
    telegram_username: str | None = None
    vk_group_id: int | None = None
    max_username: str | None = None

    def telegram(self, code: str) -> str | None:
        name = (self.telegram_username or "").lstrip("@")
        return f"https://t.me/{name}?start={_plain(code)}" if name else None

    def vk(self, code: str) -> str | None:
        if not self.vk_group_id:
            return None
        return f"https://vk.me/club{self.vk_group_id}?ref={_plain(code)}"

    def max(self, code: str) -> str | None:
        name = (self.max_username or "").lstrip("@")
        payload = _plain(code)
        if not name or len(payload) > MAX_START_PAYLOAD:
            return None
        return f"https://max.ru/{name}?start={payload}"

    def all(self, code: str) -> list[tuple[str, str]]:
        """(messenger, link) for every messenger the school has, MAX first: state schools
        must reach families there (Federal Law 41-FZ)."""
        found = (("MAX", self.max(code)), ("Telegram", self.telegram(code)), ("VK", self.vk(code)))
        return [(name, link) for name, link in found if link]


def _plain(code: str) -> str:
    # Deep-link parameters allow [A-Za-z0-9_-]; the bot accepts the code with or without dashes.
    return code.replace("-", "")
