"""What each chat account wants to hear, per child, and when it wants silence."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import NotificationPreference

DEFAULT_QUIET_FROM = "22:00"
DEFAULT_QUIET_TO = "07:00"


@dataclass(frozen=True)
class Prefs:
    absences: bool = True
    poor_marks: bool = True
    all_marks: bool = False
    poor_mark_threshold: int = 2
    subject_thresholds: dict[str, int] = field(default_factory=dict)
    schedule_changes: bool = True
    announcements: bool = True
    evening_card: bool = False
    final_risk: bool = True
    weekly_summary: bool = True
    quiet_from: str = DEFAULT_QUIET_FROM
    quiet_to: str = DEFAULT_QUIET_TO

    @property
    def quiet(self) -> tuple[str, str]:
        return (self.quiet_from, self.quiet_to)

    def threshold(self, subject_id: int) -> int:
        return int(self.subject_thresholds.get(str(subject_id), self.poor_mark_threshold))

    def is_poor(self, subject_id: int, value: int) -> bool:
        return value <= self.threshold(subject_id)


def _prefs_of(row: NotificationPreference) -> Prefs:
    return Prefs(
        absences=row.absences,
        poor_marks=row.poor_marks,
        all_marks=row.all_marks,
        poor_mark_threshold=row.poor_mark_threshold,
        subject_thresholds=dict(row.subject_thresholds or {}),
        schedule_changes=row.schedule_changes,
        announcements=row.announcements,
        evening_card=row.evening_card,
        final_risk=row.final_risk,
        weekly_summary=row.weekly_summary,
        quiet_from=row.quiet_from or DEFAULT_QUIET_FROM,
        quiet_to=row.quiet_to or DEFAULT_QUIET_TO,
    )


class PrefBook:
    """Preferences of many accounts, loaded at once; a missing row means the defaults."""

    def __init__(self, rows: Iterable[NotificationPreference], default: Prefs) -> None:
        self._default = default
        self._by_key: dict[tuple[int, int | None], Prefs] = {}
        self._first: dict[int, Prefs] = {}
        for row in sorted(rows, key=lambda r: r.id):
            prefs = _prefs_of(row)
            self._by_key[(row.chat_account_id, row.pupil_id)] = prefs
            self._first.setdefault(row.chat_account_id, prefs)

    def get(self, account_id: int, pupil_id: int | None = None) -> Prefs:
        """The child's row, else the account's own (no child), else its first, else defaults."""
        for key in ((account_id, pupil_id), (account_id, None)):
            if key in self._by_key:
                return self._by_key[key]
        return self._first.get(account_id, self._default)


async def load_prefs(
    session: AsyncSession, account_ids: Iterable[int], school_threshold: int = 2
) -> PrefBook:
    ids = sorted(set(account_ids))
    rows: list[NotificationPreference] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = await session.scalars(
            select(NotificationPreference).where(NotificationPreference.chat_account_id.in_(chunk))
        )
        rows.extend(found.all())
    return PrefBook(rows, Prefs(poor_mark_threshold=school_threshold))


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def is_quiet(local: datetime, quiet_from: str, quiet_to: str) -> bool:
    """Whether a local moment falls into quiet hours, which may run across midnight."""
    start, end = parse_hhmm(quiet_from), parse_hhmm(quiet_to)
    now = local.time().replace(tzinfo=None)
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end


def quiet_ends(local: datetime, quiet_from: str, quiet_to: str) -> datetime:
    """The first moment after `local` (aware, local zone) when its quiet hours end."""
    end = parse_hhmm(quiet_to)
    candidate = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate = (local + timedelta(days=1)).replace(
            hour=end.hour, minute=end.minute, second=0, microsecond=0
        )
    return candidate
