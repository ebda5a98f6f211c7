"""A requests session that sends vk_api's calls to a configurable VK API server.

vk_api hard-codes the API host (``https://api.vk.ru/method/`` in vk_api 11.10,
``https://api.vk.com/method/`` in older releases); the adapter mounted here rewrites
both prefixes to ``api_url`` so the library itself needs no changes.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import should_bypass_proxies

DEFAULT_VK_API_URL = "https://api.vk.com/"
VK_API_PREFIXES = ("https://api.vk.com/", "https://api.vk.ru/")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class RewritingAdapter(HTTPAdapter):
    """Replaces a leading VK API prefix of every request URL with ``target``."""

    def __init__(self, target: str, prefixes: tuple[str, ...] = VK_API_PREFIXES) -> None:
        super().__init__()
        self.target = target if target.endswith("/") else f"{target}/"
        self.prefixes = prefixes

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        url = request.url or ""
        for prefix in self.prefixes:
            if url.startswith(prefix):
                request.url = self.target + url[len(prefix) :]
                break
        target = request.url or ""
        if urlsplit(target).hostname in LOOPBACK_HOSTS or should_bypass_proxies(
            target, no_proxy=None
        ):
            proxies = {}
        return super().send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )


def make_vk_session(api_url: str = DEFAULT_VK_API_URL) -> requests.Session:
    """Session for ``vk_api.VkApi(token=..., session=...)`` talking to ``api_url``."""
    session = requests.Session()
    if api_url.rstrip("/") == DEFAULT_VK_API_URL.rstrip("/"):
        return session
    adapter = RewritingAdapter(api_url)
    for prefix in VK_API_PREFIXES:
        session.mount(prefix, adapter)
    return session
