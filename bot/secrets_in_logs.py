"""No secret in a log line: bot tokens, long-poll keys and passwords are cut out of every
record (libraries put request URLs with them into their error messages)."""

import logging
import re
from collections.abc import Iterable

HIDDEN = "***"
# Each pattern keeps its group "keep" and hides the rest of the match.
_PATTERNS = (
    # Telegram's token in an API or file URL: /bot123456:AA.../getFile, /file/bot123:AA.../x
    re.compile(r"(?P<keep>bot)\d{3,}:[A-Za-z0-9_-]{10,}"),
    # A bare Telegram token anywhere else.
    re.compile(r"(?P<keep>\b)\d{6,}:[A-Za-z0-9_-]{30,}"),
    # Keys and tokens in a query string or a form: VK's long-poll key, access_token=...
    re.compile(r"(?P<keep>\b(?:access_token|key|token|secret|password)=)[^&\s'\")\]]+"),
    # A password in a URL: postgresql://user:password@host
    re.compile(r"(?P<keep>://[^/:@\s]+:)[^@\s/]+(?=@)"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, HIDDEN)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group("keep") + HIDDEN, text)
    return text


def shown_error(exc: BaseException, limit: int = 300) -> str:
    """An error for one log line: its kind and message, secrets cut out, not too long."""
    text = redact(f"{type(exc).__name__}: {exc}")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Redacting(logging.Filter):
    """On a handler: the record's message and traceback, with the secrets cut out."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, self._secrets)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        return True


def install(secrets: Iterable[str] = ()) -> None:
    """Every handler of the root logger cuts secrets out (call after logging is set up)."""
    redacting = Redacting(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redacting)
