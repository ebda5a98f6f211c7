"""Who can be told: linked, consenting, unblocked chat accounts of people, and whose they are."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Gender, Platform
from db.models import ChatAccount, Enrollment, GuardianLink, Person, SchoolClass

DELIVERABLE = frozenset({Platform.TELEGRAM, Platform.VK, Platform.MAX})
CHUNK = 500


@dataclass(frozen=True)
class Recipient:
    account_id: int
    person_id: int
    platform: Platform
    external_id: str


@dataclass(frozen=True)
class PupilInfo:
    id: int
    first_name: str
    class_id: int
    class_title: str
    gender: Gender | None = None


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    unique = sorted(set(ids))
    return [unique[i : i + CHUNK] for i in range(0, len(unique), CHUNK)]


async def accounts_of(
    session: AsyncSession, person_ids: Iterable[int], platforms: frozenset[Platform] = DELIVERABLE
) -> dict[int, list[Recipient]]:
    """Each person's accounts that may be written to: linked, with consent, not blocked."""
    found: dict[int, list[Recipient]] = defaultdict(list)
    for chunk in _chunks(person_ids):
        rows = await session.execute(
            select(
                ChatAccount.id, ChatAccount.person_id, ChatAccount.platform, ChatAccount.external_id
            )
            .where(
                ChatAccount.person_id.in_(chunk),
                ChatAccount.is_blocked.is_(False),
                ChatAccount.consent_at.is_not(None),
                ChatAccount.platform.in_(platforms),
            )
            .order_by(ChatAccount.id)
        )
        for account_id, person_id, platform, external_id in rows.all():
            assert person_id is not None  # chosen by it
            found[person_id].append(Recipient(account_id, person_id, platform, external_id))
    return found


async def guardians_of(session: AsyncSession, pupil_ids: Iterable[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(pupil_ids):
        rows = await session.execute(
            select(GuardianLink.pupil_id, GuardianLink.guardian_id)
            .join(Person, Person.id == GuardianLink.guardian_id)
            .where(GuardianLink.pupil_id.in_(chunk), Person.is_active.is_(True))
            .order_by(GuardianLink.id)
        )
        for pupil_id, guardian_id in rows.all():
            found[pupil_id].append(guardian_id)
    return found


async def pupil_info(session: AsyncSession, pupil_id: int) -> PupilInfo | None:
    row = (
        await session.execute(
            select(
                Person.first_name,
                SchoolClass.id,
                SchoolClass.grade,
                SchoolClass.letter,
                Person.gender,
            )
            .join(Enrollment, Enrollment.pupil_id == Person.id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(Person.id == pupil_id, Enrollment.is_active.is_(True))
        )
    ).first()
    if row is None:
        return None
    first_name, class_id, grade, letter, gender = row
    return PupilInfo(pupil_id, first_name, class_id, f"{grade}{letter}", gender)


async def family_recipients(
    session: AsyncSession,
    pupil_ids: Sequence[int],
    *,
    guardians: bool = True,
    pupils: bool = False,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> list[tuple[Recipient, int]]:
    """(account, the pupil it hears about) for pupils' guardians and, if asked, the pupils."""
    pairs: list[tuple[int, int]] = []  # (person, pupil)
    if guardians:
        links = await guardians_of(session, pupil_ids)
        pairs.extend((g, p) for p in pupil_ids for g in links.get(p, []))
    if pupils:
        pairs.extend((p, p) for p in pupil_ids)
    accounts = await accounts_of(session, (person for person, _ in pairs), platforms)
    return [(acc, pupil) for person, pupil in pairs for acc in accounts.get(person, [])]
