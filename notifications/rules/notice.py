"""A notice: what the rules decide to tell one chat account, before it is queued or held."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Platform
from db.models import School
from keyboards.model import Keyboard
from notifications.rules.audience import DELIVERABLE, Recipient
from notifications.rules.prefs import load_prefs
from services.context import Ctx

# Lower goes first: an absence must not wait behind a school-wide announcement.
URGENT = 0
PERSONAL = 3
DIGEST = 5
BULK = 9


@dataclass(frozen=True)
class Notice:
    recipient: Recipient
    kind: str
    text: str
    keyboard: Keyboard | None = None
    priority: int = PERSONAL
    # The recipient's quiet hours ("22:00", "07:00"); None: goes out at any hour (absences).
    quiet: tuple[str, str] | None = None
    # A later notice on the same topic replaces one still held (not yet sent, or in a digest).
    topic: str | None = None
    ref_id: int | None = None
    not_before: datetime | None = None
    # Until when a network failure is retried (None: DEFAULT_RELEVANCE after it was queued).
    expires_at: datetime | None = None


@dataclass(frozen=True)
class RuleContext:
    session: AsyncSession
    now: datetime
    school: School
    platforms: frozenset[Platform] = DELIVERABLE

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.school.timezone)

    def local(self, moment: datetime | None = None) -> datetime:
        return (moment or self.now).astimezone(self.zone)

    def end_of(self, day: date) -> datetime:
        """The school's midnight after `day`: alerts about that day's lessons matter till then."""
        return datetime.combine(day + timedelta(days=1), time(), self.zone)

    def ctx(self) -> Ctx:
        return Ctx(self.session, self.now)


async def quiet_notices(
    session: AsyncSession,
    recipients: Sequence[Recipient],
    *,
    kind: str,
    text: str,
    ref_id: int,
    keyboard: Keyboard | None = None,
    priority: int = PERSONAL,
) -> list[Notice]:
    """The same notice for each account, held back by that account's own quiet hours."""
    prefs = await load_prefs(session, (r.account_id for r in recipients))
    return [
        Notice(
            recipient=r,
            kind=kind,
            text=text,
            keyboard=keyboard,
            priority=priority,
            quiet=prefs.get(r.account_id).quiet,
            ref_id=ref_id,
        )
        for r in recipients
    ]
