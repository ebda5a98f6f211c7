"""The VK bot's life: Bots Long Poll in its own thread feeding the event loop, and a clean stop."""

import asyncio
import contextlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from jconfig.memory import MemoryConfig
from vk_api import VkApi
from vk_api.bot_longpoll import VkBotLongPoll

from bot.chat_sequencing import ChatSequencer
from bot.secrets_in_logs import shown_error
from bot.vk.adapter import Handle, VkCalls, VkConversationBridge
from bot.vk.transport import make_vk_session

log = logging.getLogger(__name__)

API_VERSION = "5.199"
BACKOFF_MAX_SECONDS = 60.0


class VkBot:
    def __init__(
        self,
        handle: Handle,
        *,
        token: str,
        group_id: int,
        api_url: str,
        wait: int = 25,
        # VK allows a community token 20 calls a second; vk-api's own default is 3.
        min_call_interval: float = 0.05,
        workers: int = 4,
        stop_grace: float = 3.0,
        drain_timeout: float = 30.0,
    ) -> None:
        self._handle = handle
        self._token = token
        self._group_id = group_id
        self._api_url = api_url
        self._wait = wait
        self._min_call_interval = min_call_interval
        self._workers = workers
        self._stop_grace = stop_grace
        self._drain_timeout = drain_timeout
        self._tasks: set[asyncio.Task[None]] = set()

    def _make_vk(self) -> VkApi:
        vk = VkApi(
            token=self._token,
            session=make_vk_session(self._api_url),
            api_version=API_VERSION,
            config=MemoryConfig,
        )
        vk.RPS_DELAY = self._min_call_interval
        return vk

    async def run(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        executor = ThreadPoolExecutor(self._workers, thread_name_prefix="vk-api")
        sequencer = ChatSequencer()
        stopping = threading.Event()
        try:
            calls = VkCalls(await loop.run_in_executor(executor, self._make_vk), executor)
            longpoll = await calls.run(VkBotLongPoll, calls.vk, self._group_id, self._wait)
            bridge = VkConversationBridge(self._handle, calls, sequencer)
            log.info("VK: community %s connected, Bots Long Poll", self._group_id)
            poll_done: asyncio.Future[None] = loop.create_future()
            thread = threading.Thread(
                target=self._poll,
                args=(longpoll, bridge, stopping, loop, poll_done),
                name="vk-longpoll",
                daemon=True,
            )
            thread.start()
            stopped = asyncio.create_task(stop.wait())
            # Only which one finishes first matters, not what either returns.
            either: set[asyncio.Future[Any]] = {stopped, poll_done}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopped
            stopping.set()
            try:
                await asyncio.wait_for(asyncio.shield(poll_done), self._stop_grace)
            except TimeoutError:
                # Still inside a long poll request; it checks the flag on return and drops
                # what it got. A daemon thread, so it never holds the process.
                log.info("VK: long poll thread still waiting on the server, left to finish")
        finally:
            stopping.set()
            if not await sequencer.drained(self._drain_timeout):
                log.warning("VK: gave up on %d events at shutdown", sequencer.in_flight)
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            executor.shutdown(wait=False, cancel_futures=True)
            log.info("VK: stopped")

    def _spawn(self, bridge: VkConversationBridge, raw: dict[str, Any]) -> None:
        task = asyncio.create_task(self._guarded(bridge, raw))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guarded(bridge: VkConversationBridge, raw: dict[str, Any]) -> None:
        try:
            await bridge.on_event(raw)
        except Exception:
            log.exception("VK: event %s failed", raw.get("type"))

    def _poll(
        self,
        longpoll: VkBotLongPoll,
        bridge: VkConversationBridge,
        stopping: threading.Event,
        loop: asyncio.AbstractEventLoop,
        done: "asyncio.Future[None]",
    ) -> None:
        delay = 1.0
        try:
            while not stopping.is_set():
                try:
                    events = longpoll.check()
                    delay = 1.0
                except Exception as exc:  # network, VK errors: back off and keep listening
                    log.warning(
                        "VK: long poll failed (%s), retrying in %.0f s", shown_error(exc), delay
                    )
                    stopping.wait(delay)
                    delay = min(delay * 2, BACKOFF_MAX_SECONDS)
                    continue
                if stopping.is_set():
                    if events:
                        log.warning("VK: %d events arrived during shutdown, dropped", len(events))
                    break
                for event in events:
                    loop.call_soon_threadsafe(self._spawn, bridge, event.raw)
        finally:
            with contextlib.suppress(RuntimeError):  # the loop may be gone already
                loop.call_soon_threadsafe(_settle, done)


def _settle(done: "asyncio.Future[None]") -> None:
    if not done.done():
        done.set_result(None)
