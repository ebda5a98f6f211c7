"""Loopback stand-ins of the Telegram Bot API and the VK API for end-to-end tests."""

from .server import Upload
from .telegram_api import DEFAULT_TOKEN, TelegramStandIn
from .telegram_state import CallbackAnswer, SentMessage
from .vk_api import API_VERSION, DEFAULT_GROUP_ID, DEFAULT_VK_TOKEN, VkStandIn
from .vk_state import EventAnswer, VkSentMessage

__all__ = [
    "API_VERSION",
    "DEFAULT_GROUP_ID",
    "DEFAULT_TOKEN",
    "DEFAULT_VK_TOKEN",
    "CallbackAnswer",
    "EventAnswer",
    "SentMessage",
    "TelegramStandIn",
    "Upload",
    "VkSentMessage",
    "VkStandIn",
]
