"""Notifications out through the VK API (vk_api in worker threads), errors mapped to delivery's.

Every message carries a random_id derived from its queue entry, so VK itself drops a resend
after a crash; one text for many people goes in one messages.send with up to 100 peer_ids.
"""

import asyncio
import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import requests
from vk_api import VkApi
from vk_api.exceptions import ApiError, ApiHttpError, VkApiError

from db.enums import Platform
from keyboards.model import Keyboard
from keyboards.render.vk import dump_keyboard, render_pages
from notifications.delivery.rate import Pacer
from notifications.delivery.sending import Blocked, DeliveryError, Permanent, RetryAfter, Transient

VK_PER_SECOND = 20  # a community token may make 20 calls a second
TOO_MANY_REQUESTS = 6
# 901: no permission to write (the user blocked or never allowed messages), 900: blacklisted,
# 902: privacy settings, 7: permission denied for this peer.
GONE = frozenset({7, 900, 901, 902})
REFUSED = frozenset({100, 113, 914, 921, 936, 940, 946})
PEER_IDS_MAX = 100


def vk_pacer(per_second: int = VK_PER_SECOND) -> Pacer:
    return Pacer(per_second, per_chat_interval=0.0)


def random_id(ref: str) -> int:
    """The same for every resend of one message to one peer (VK deduplicates per peer)."""
    digest = hashlib.blake2b(f"notify:{ref}".encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") & 0x7FFFFFFF) or 1


def _error(code: int, message: str) -> DeliveryError:
    if code in GONE:
        return Blocked(f"[{code}] {message}")
    if code == TOO_MANY_REQUESTS:
        return RetryAfter(1.0)
    if code in REFUSED:
        return Permanent(f"[{code}] {message}")
    return Transient(f"[{code}] {message}")


class VkSender:
    platform = Platform.VK
    batch_limit = PEER_IDS_MAX

    def __init__(self, vk: VkApi, executor: ThreadPoolExecutor | None = None) -> None:
        # Pacing is ours: vk_api's own sleep-and-retry on error 6 would hide the limit from us.
        vk.error_handlers.pop(TOO_MANY_REQUESTS, None)
        vk.RPS_DELAY = 0
        self._vk = vk
        self._executor = executor or ThreadPoolExecutor(2, thread_name_prefix="vk-sender")

    async def _call(self, values: dict[str, Any]) -> Any:
        loop = asyncio.get_running_loop()
        call = partial(self._vk.method, "messages.send", values)
        try:
            return await loop.run_in_executor(self._executor, call)
        except ApiError as exc:
            raise _error(exc.code, str(exc.error.get("error_msg", ""))) from exc
        except (ApiHttpError, requests.RequestException, VkApiError, ValueError) as exc:
            raise Transient(repr(exc)) from exc

    def _values(self, text: str, keyboard: Keyboard | None, ref: str) -> dict[str, Any]:
        values: dict[str, Any] = {"random_id": random_id(ref), "message": text}
        pages = render_pages(keyboard)
        if pages:
            values["keyboard"] = dump_keyboard(pages[0])
        return values

    async def send(self, chat_id: str, text: str, keyboard: Keyboard | None, *, ref: str) -> str:
        values = self._values(text, keyboard, ref) | {"peer_id": int(chat_id)}
        return str(await self._call(values))

    async def send_batch(
        self, chat_ids: Sequence[str], text: str, keyboard: Keyboard | None, *, ref: str
    ) -> Mapping[str, str | DeliveryError]:
        values = self._values(text, keyboard, ref) | {"peer_ids": ",".join(chat_ids)}
        answer = await self._call(values)
        results: dict[str, str | DeliveryError] = {}
        for item in answer if isinstance(answer, list) else []:
            peer = str(item.get("peer_id"))
            error = item.get("error")
            if error:
                results[peer] = _error(int(error.get("code", 0)), str(error.get("description")))
            else:
                results[peer] = str(item.get("message_id"))
        return results

    def close(self) -> None:
        self._executor.shutdown(wait=False)
