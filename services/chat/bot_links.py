"""Where the printed invite slips send people: the bot on Telegram and the VK community."""

from dataclasses import dataclass


@dataclass(frozen=True)
class BotLinks:
    telegram_username: str | None = None
    vk_group_id: int | None = None

    def telegram(self, code: str) -> str | None:
        name = (self.telegram_username or "").lstrip("@")
        return f"https://t.me/{name}?start={_plain(code)}" if name else None

    def vk(self, code: str) -> str | None:
        if not self.vk_group_id:
            return None
        return f"https://vk.me/club{self.vk_group_id}?ref={_plain(code)}"


def _plain(code: str) -> str:
    # Deep-link parameters allow [A-Za-z0-9_-]; the bot accepts the code with or without dashes.
    return code.replace("-", "")
