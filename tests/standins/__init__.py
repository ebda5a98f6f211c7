"""Loopback stand-ins of the Telegram Bot API, the VK API and the MAX Bot API for end-to-end
tests."""

from .max_api import DEFAULT_MAX_TOKEN, MaxStandIn
from .max_state import MaxCallbackAnswer, MaxSentMessage
from .server import Upload
from .telegram_api import DEFAULT_TOKEN, TelegramStandIn
from .telegram_state import CallbackAnswer, SentMessage
from .vk_api import API_VERSION, DEFAULT_GROUP_ID, DEFAULT_VK_TOKEN, VkStandIn
from .vk_state import EventAnswer, VkSentMessage

__all__ = [
    "API_VERSION",
    "DEFAULT_GROUP_ID",
    "DEFAULT_MAX_TOKEN",
    "DEFAULT_TOKEN",
    "DEFAULT_VK_TOKEN",
    "CallbackAnswer",
    "EventAnswer",
    "MaxCallbackAnswer",
    "MaxSentMessage",
    "MaxStandIn",
    "SentMessage",
    "TelegramStandIn",
    "Upload",
    "VkSentMessage",
    "VkStandIn",
]
