"""Absences and lateness of the current period, with the reasons given."""

from db.enums import AttendanceStatus
from handlers.core.io import Reply
from handlers.core.menu import for_pupil
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import Attendance
from services.attendance.reading import pupil_attendance
from services.context import Ctx
from services.people.actor import Actor
from services.schedule.periods import current_period
from services.views import AttendanceView, PeriodBrief, PupilBrief
from texts import formatting, phrases

MISSED = {AttendanceStatus.ABSENT, AttendanceStatus.ILL, AttendanceStatus.EXCUSED}


async def _period_attendance(
    ctx: Ctx, actor: Actor, pupil_id: int
) -> tuple[PeriodBrief, list[AttendanceView]]:
    period = await current_period(ctx, actor.school_id)
    return period, await pupil_attendance(ctx, actor, pupil_id, period.id)


@for_pupil
async def show(turn: Turn, press: Attendance, pupil: PupilBrief) -> list[Reply]:
    period, rows = await turn.run(_period_attendance, pupil.id)
    lines = [phrases.ATTENDANCE_TITLE.format(period=period.name, whose=formatting.whose(pupil)), ""]
    for row in rows:
        status = phrases.ATTENDANCE_STATUS.get(row.status.value, row.status.value)
        when = f"{formatting.day(row.lesson_date)}, {row.lesson_number}-й урок"
        lines.append(f"{when} ({row.subject}): {formatting.with_reason(status, row.reason)}")
    if rows:
        missed = sum(1 for r in rows if r.status in MISSED)
        late = sum(1 for r in rows if r.status == AttendanceStatus.LATE)
        lines += ["", phrases.ATTENDANCE_TOTAL.format(absent=missed, late=late)]
    else:
        lines.append(phrases.ATTENDANCE_NONE)
    return [Reply("\n".join(lines), menus.menu_only(pupil.id))]
