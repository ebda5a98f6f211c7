"""Many chats for the broadcast benches and the crash test: a class of pupils with Telegram (or
MAX) accounts, and "probe" pupils in 5А whose guardians have accounts (for absence alerts)."""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.enums import Platform
from db.models import ChatAccount, Enrollment, GuardianLink, Person, SchoolClass
from services.context import Ctx
from tests.tiny_school import TINY_NOW, TinySchool

BULK_CHATS = 500_000_000
PROBE_CHATS = 600_000_000


class SchoolDayClock:
    """The tiny school's Wednesday noon, running in real time (lessons 1-4 have started)."""

    def __init__(self, start: datetime = TINY_NOW) -> None:
        self._start = start
        self._t0 = time.monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


@dataclass
class Population:
    bulk_class_id: int
    bulk_chats: list[int]
    probe_pupils: list[int]
    probe_chats: list[int]


def _account(ctx: Ctx, chat: int, person_id: int, platform: Platform) -> ChatAccount:
    return ChatAccount(
        platform=platform,
        external_id=str(chat),
        person_id=person_id,
        consent_at=ctx.now,
        linked_at=ctx.now,
    )


async def populate(
    ctx: Ctx,
    tiny: TinySchool,
    recipients: int,
    probes: int = 0,
    platform: Platform = Platform.TELEGRAM,
) -> Population:
    s = ctx.session
    bulk = SchoolClass(school_id=tiny.school_id, year_id=tiny.year_id, grade=9, letter="А")
    s.add(bulk)
    await s.flush()
    pupils = [
        Person(school_id=tiny.school_id, last_name=f"Ученик{n}", first_name="Пётр")
        for n in range(recipients)
    ]
    probe_pupils = [
        Person(school_id=tiny.school_id, last_name=f"Проба{n:02d}", first_name="Ира")
        for n in range(probes)
    ]
    guardians = [
        Person(school_id=tiny.school_id, last_name=f"Родитель{n:02d}", first_name="Ян")
        for n in range(probes)
    ]
    s.add_all([*pupils, *probe_pupils, *guardians])
    await s.flush()
    for n, pupil in enumerate(pupils):
        s.add(Enrollment(pupil_id=pupil.id, class_id=bulk.id))
        s.add(_account(ctx, BULK_CHATS + n, pupil.id, platform))
    for n, (pupil, guardian) in enumerate(zip(probe_pupils, guardians, strict=True)):
        s.add(Enrollment(pupil_id=pupil.id, class_id=tiny.classes["5А"]))
        s.add(GuardianLink(guardian_id=guardian.id, pupil_id=pupil.id))
        s.add(_account(ctx, PROBE_CHATS + n, guardian.id, platform))
    return Population(
        bulk.id,
        [BULK_CHATS + n for n in range(recipients)],
        [p.id for p in probe_pupils],
        [PROBE_CHATS + n for n in range(probes)],
    )
