"""The nightly copy of the database, run by the scheduler among the notification jobs.

Like the other periodic jobs it runs every few minutes and decides itself whether it is time:
after BACKUP_HOUR (local time in BACKUP_TIMEZONE) once a day, so a process that was down at
night makes the copy when it comes back. Copies older than BACKUP_KEEP_DAYS are deleted; the
newest copy is never deleted, whatever the clock says.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from db.backup import BackupError, backup_database, backup_suffix
from services.context import Clock, system_clock

log = logging.getLogger(__name__)

NIGHTLY_PREFIX = "journal-nightly-"
_NIGHTLY_NAME = re.compile(rf"^{NIGHTLY_PREFIX}(\d{{4}}-\d{{2}}-\d{{2}})\.(sqlite3|dump)$")
# After a failure (no pg_dump, a full disk) try again in an hour, not at every tick.
RETRY_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class BackupPlan:
    database_url: str
    directory: Path
    keep_days: int
    hour: int
    timezone: ZoneInfo


def nightly_path(plan: BackupPlan, day: date) -> Path:
    return plan.directory / f"{NIGHTLY_PREFIX}{day.isoformat()}{backup_suffix(plan.database_url)}"


def nightly_copies(directory: Path) -> list[tuple[date, Path]]:
    """The job's own copies in the directory, oldest first (other files are not touched)."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        match = _NIGHTLY_NAME.match(path.name)
        if match:
            found.append((date.fromisoformat(match[1]), path))
    return sorted(found)


def prune(directory: Path, keep_days: int, today: date) -> list[Path]:
    copies = nightly_copies(directory)
    oldest_kept = today - timedelta(days=keep_days - 1)
    removed = []
    for day, path in copies[:-1]:  # the newest stays
        if day < oldest_kept:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


class NightlyBackup:
    def __init__(self, plan: BackupPlan, clock: Clock = system_clock) -> None:
        self.plan = plan
        self._clock = clock
        self._failed_at: datetime | None = None

    async def __call__(self) -> Path | None:
        """Makes today's copy if it is time and there is none yet; returns its path."""
        now = self._clock()
        local = now.astimezone(self.plan.timezone)
        if local.hour < self.plan.hour:
            return None
        if self._failed_at is not None and now - self._failed_at < RETRY_AFTER:
            return None
        target = nightly_path(self.plan, local.date())
        if target.exists():
            return None
        try:
            result = await backup_database(self.plan.database_url, target)
        except (BackupError, OSError) as exc:
            self._failed_at = now
            log.error("ночная копия базы не сделана: %s", getattr(exc, "message", exc))
            return None
        self._failed_at = None
        removed = prune(self.plan.directory, self.plan.keep_days, local.date())
        log.info(
            "ночная копия базы: %s (%d КБ); удалено старых копий: %d",
            result.path,
            result.size_bytes // 1024,
            len(removed),
        )
        return result.path
