"""The shape of invite codes: random, easy to read aloud, typed on either keyboard layout."""

import math
import secrets

from sqlalchemy import select

from db.models import InviteCode
from services.context import Ctx

# Only letters that look the same in Latin and Cyrillic, so that a code typed on a Russian
# layout still works, and digits that cannot be taken for a letter (no 0, 1, 8).
ALPHABET = "ABCEHKMPTX" + "2345679"
CODE_LENGTH = 10
CODE_GROUPS = (4, 4, 2)
CODE_BITS = CODE_LENGTH * math.log2(len(ALPHABET))

_LOOK_ALIKES = str.maketrans(
    {"А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P"}
    | {"С": "C", "Т": "T", "Х": "X", "З": "3", "8": "B"}
)
_SEPARATORS = str.maketrans("", "", "-\u2010\u2011\u2012\u2013\u2014_. \u00a0\t\r\n")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


async def unused_codes(ctx: Ctx, count: int) -> list[str]:
    """`count` new codes that no invite holds, sorted."""
    codes: set[str] = set()
    while len(codes) < count:
        fresh = {new_code() for _ in range(count - len(codes))} - codes
        taken = await ctx.session.scalars(select(InviteCode.code).where(InviteCode.code.in_(fresh)))
        codes |= fresh - set(taken)
    return sorted(codes)


def normalize_code(typed: str) -> str | None:
    """The stored form of what a person typed, or None if it cannot be a code."""
    code = typed.translate(_SEPARATORS).upper().translate(_LOOK_ALIKES)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def grouped_code(code: str) -> str:
    parts, start = [], 0
    for size in CODE_GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(parts)
