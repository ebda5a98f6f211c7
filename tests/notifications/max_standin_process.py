"""The MAX stand-in in a process of its own (like standin_process.py for Telegram), so that its
work does not slow the process under test; a small control API adds people and reports.

Run: python -m tests.notifications.max_standin_process [--rate-limit]; it prints "PORT <n>".
"""

import argparse
import asyncio
import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import aiohttp
from aiohttp import web

from tests.standins import MaxStandIn


class ControlledMaxStandIn(MaxStandIn):
    def routes(self, app: web.Application) -> None:
        app.router.add_post("/control/users", self._add_users)
        app.router.add_get("/control/report", self._report)
        super().routes(app)  # last: its catch-all route would take /control too

    async def _add_users(self, request: web.Request) -> web.Response:
        for user in await request.json():
            self.add_user(int(user))
        return web.json_response(True)

    async def _report(self, request: web.Request) -> web.Response:
        sent = [[m.user_id, m.text, m.timestamp] for m in self.sent if m.method == "send"]
        return web.json_response(
            {
                "sent": sent,
                "refused_429": sum(1 for c in self.calls if c.status == 429),
                "violations": self.violations,
            }
        )


async def serve(rate_limit: bool) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with ControlledMaxStandIn(rate_limit=rate_limit) as standin:
        print(f"PORT {standin.port}", flush=True)
        await stop.wait()


class MaxStandInProcess:
    def __init__(self, rate_limit: bool) -> None:
        args = [sys.executable, "-m", "tests.notifications.max_standin_process"]
        self.process = subprocess.Popen(
            [*args, *(["--rate-limit"] if rate_limit else [])], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if line[:1] != ["PORT"]:
            self.process.kill()
            raise RuntimeError("the MAX stand-in process did not start")
        self.url = f"http://127.0.0.1:{line[1]}"

    async def add_users(self, users: list[int]) -> None:
        async with aiohttp.ClientSession() as http:
            await http.post(f"{self.url}/control/users", json=users)

    async def report(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http, http.get(f"{self.url}/control/report") as r:
            result: dict[str, Any] = await r.json()
            return result

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextlib.contextmanager
def max_standin_process(rate_limit: bool = False) -> Iterator[MaxStandInProcess]:
    standin = MaxStandInProcess(rate_limit)
    try:
        yield standin
    finally:
        standin.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate-limit", action="store_true")
    asyncio.run(serve(parser.parse_args().rate_limit))
