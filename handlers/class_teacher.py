"""The class teacher's corner: the class's week of attendance to check and correct (001 §4.3.5),
the printable invite slips for those still outside the chat, the reasons parents gave, and the
monthly summaries to print for the families who refused the electronic journal (§4.3.9)."""

from datetime import date, timedelta

from db.enums import AttendanceStatus
from handlers import formatting as fmt
from handlers import staff_format as sf
from handlers import staff_states as states
from handlers import staff_texts as st
from handlers import texts
from handlers.io import Attachment, Reply
from handlers.menu import stale
from handlers.schedule import monday_of
from handlers.turn import Turn
from keyboards import staff_menus as sm
from keyboards.menus import to_menu
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from notifications.absence_reasons import absence_reasons_for_class
from services.class_teacher import class_week_attendance, unlinked_people
from services.invite_sheet import render_invite_sheet
from services.monthly_sheet import MONTHS, monthly_sheets
from services.monthly_sheet_pdf import render_monthly_sheets
from services.roll_call import CLASS_TEACHER_CORRECTION_DAYS, correct_attendance
from services.staff_directory import ClassBrief, school_classes
from services.staff_views import WeekAttendance

STATUSES = (*sf.CYCLE, AttendanceStatus.EXEMPT)  # v = the position here, from 1


async def _class(turn: Turn, class_id: int | None) -> ClassBrief | None:
    """The class asked for among the actor's own (the service refuses anyone else)."""
    classes = await turn.run(school_classes)
    mine = [c for c in classes if c.id in turn.actor.class_teacher_of]
    if class_id is None:
        return mine[0] if len(mine) == 1 else None
    return next((c for c in classes if c.id == class_id), None)


def _menu(cls: ClassBrief) -> Keyboard:
    return Keyboard.of(
        [sm.button(st.CLASS_WEEK, Action.CLASS_WEEK, item=cls.id)],
        [sm.button(st.CLASS_CODES, Action.CLASS_CODES, item=cls.id)],
        [sm.button(st.CLASS_ANNOUNCE, Action.ANNOUNCE, item=cls.id)],
        [sm.button(st.CLASS_REASONS, Action.CLASS_REASONS, item=cls.id)],
        [sm.button(st.CLASS_PRINTOUTS, Action.CLASS_PRINTOUTS, item=cls.id)],
        [to_menu()],
    )


async def my_class(turn: Turn, payload: Payload) -> list[Reply]:
    if not turn.actor.class_teacher_of and payload.item is None:
        return [Reply(st.CLASS_ONLY, Keyboard.of([to_menu()]))]
    cls = await _class(turn, payload.item)
    if cls is None:
        classes = await turn.run(school_classes)
        picks = [sm.button(c.title, Action.MY_CLASS, item=c.id) for c in classes]
        return [Reply(st.CLASS_PICK, Keyboard.of(*sm.rows_of(picks, 3), [to_menu()]))]
    return [Reply(st.CLASS_TITLE.format(klass=cls.title), _menu(cls), edit=turn.pressed)]


def _entry_label(name: str, when: date, number: int, status: AttendanceStatus) -> str:
    return f"{sf.short(name)} {fmt.WEEKDAYS[when.weekday()]} {number} {sf.STATUS_CODE[status]}"


def _week_reply(
    turn: Turn, week: WeekAttendance, note: str = "", page: int = 1, edit: bool = True
) -> Reply:
    lines = [note, ""] if note else []
    span = fmt.day_span(week.week_start, week.week_end)
    lines.append(st.WEEK_TITLE.format(klass=week.class_title, span=span))
    fixes = []
    for pupil in week.pupils:
        lines += ["", pupil.full_name]
        for e in pupil.entries:
            status = texts.ATTENDANCE_STATUS.get(e.status.value, e.status.value)
            reason = f" ({e.reason})" if e.reason else ""
            lines.append(f"  {fmt.day(e.date)}, {e.number}-й урок, {e.subject}: {status}{reason}")
            if e.can_correct:
                label = _entry_label(pupil.full_name, e.date, e.number, e.status)
                fixes.append(
                    sm.button(label, Action.CLASS_FIX, item=e.lesson_id, pupil=pupil.pupil_id)
                )
    if not week.pupils:
        lines += ["", st.WEEK_ALL_PRESENT]
    if week.missing_roll_calls:
        lines += ["", st.WEEK_MISSING]
        for m in week.missing_roll_calls:
            lines.append(f"  {fmt.day(m.date)}, {m.number}-й урок, {m.subject} — {m.teacher}")
    if fixes:
        lines += ["", st.WEEK_FIX_HINT]
    rows, _, _ = sm.paged(
        fixes,
        page,
        sm.layout(turn.platform, reserved=4),
        lambda label, to: sm.button(
            label, Action.CLASS_WEEK, item=week.class_id, day=week.week_start, value=to
        ),
    )
    last_week, next_week = week.week_start - timedelta(7), week.week_start + timedelta(7)
    keyboard = Keyboard.of(
        *rows,
        [
            sm.button(texts.PREV_WEEK, Action.CLASS_WEEK, item=week.class_id, day=last_week),
            sm.button(texts.NEXT_WEEK, Action.CLASS_WEEK, item=week.class_id, day=next_week),
        ],
        [sm.button(st.BACK, Action.MY_CLASS, item=week.class_id), to_menu()],
    )
    return Reply("\n".join(lines), keyboard, edit=edit and turn.pressed)


async def _show_week(
    turn: Turn, class_id: int, monday: date, note: str = "", page: int = 1, edit: bool = True
) -> list[Reply]:
    week = await turn.run(class_week_attendance, class_id, monday)
    await turn.set_state(
        states.CLASS_WEEK, {"class": week.class_id, "week": week.week_start.toordinal()}
    )
    return [_week_reply(turn, week, note, page, edit)]


async def week(turn: Turn, payload: Payload) -> list[Reply]:
    """The week on screen; from the weekly summary (CLASS_WEEK_OPEN) as a new message, so the
    summary with the parents' reasons stays in the chat."""
    on = payload.day or turn.viewer.today
    if payload.item is None or not turn.viewer.sane(on):
        return await stale(turn)
    edit = payload.action != Action.CLASS_WEEK_OPEN
    return await _show_week(turn, payload.item, monday_of(on), page=payload.value or 1, edit=edit)


def _where(turn: Turn) -> tuple[int, date] | None:
    state, data = turn.state
    class_id, week_start = states.data_int(data, "class"), states.data_int(data, "week")
    if state != states.CLASS_WEEK or class_id is None or week_start is None:
        return None
    return class_id, date.fromordinal(week_start)


async def fix(turn: Turn, payload: Payload) -> list[Reply]:
    where = _where(turn)
    if where is None or payload.item is None or payload.pupil is None:
        return await stale(turn)
    found = await turn.run(class_week_attendance, *where)
    pupil = next((p for p in found.pupils if p.pupil_id == payload.pupil), None)
    entry = next((e for e in pupil.entries if e.lesson_id == payload.item), None) if pupil else None
    if pupil is None or entry is None:
        return [_week_reply(turn, found, st.FIX_GONE)]
    options = [
        sm.button(
            sf.STATUS_ONE[s],
            Action.CLASS_FIX_SET,
            item=entry.lesson_id,
            pupil=pupil.pupil_id,
            value=n,
        )
        for n, s in enumerate(STATUSES, 1)
        if s != entry.status
    ]
    back = sm.button(texts.CANCEL, Action.CLASS_WEEK, item=where[0], day=where[1])
    status = sf.STATUS_ONE[entry.status]
    text = st.FIX_TITLE.format(
        name=pupil.full_name,
        when=fmt.day(entry.date),
        number=entry.number,
        subject=entry.subject,
        status=status,
    )
    return [Reply(text, Keyboard.of(*sm.rows_of(options, 2), [back]), edit=turn.pressed)]


async def fix_set(turn: Turn, payload: Payload) -> list[Reply]:
    where = _where(turn)
    value = payload.value or 0
    if where is None or payload.item is None or payload.pupil is None:
        return await stale(turn)
    if not 0 < value <= len(STATUSES):
        return await stale(turn)
    status = STATUSES[value - 1]
    await turn.run(correct_attendance, payload.item, payload.pupil, status)
    return await _show_week(turn, *where, note=st.FIX_SAVED.format(status=sf.STATUS_ONE[status]))


async def codes(turn: Turn, payload: Payload) -> list[Reply]:
    if payload.item is None:
        return await stale(turn)
    people = await turn.run(unlinked_people, payload.item)
    cls = await _class(turn, payload.item)
    title = cls.title if cls else (people[0].class_title if people else "")
    if not people:
        return [Reply(st.CODES_NONE.format(klass=title), Keyboard.of([to_menu()]))]
    content = render_invite_sheet(
        people, school_name=turn.viewer.school_name, class_title=title, bot_links=turn.links
    )
    sheet = Attachment(filename=st.CODES_FILE.format(klass=title), content=content)
    caption = st.CODES_CAPTION.format(klass=title, count=len(people))
    return [Reply(caption, Keyboard.of([to_menu()]), attachment=sheet)]


async def reasons(turn: Turn, payload: Payload) -> list[Reply]:
    if payload.item is None:
        return await stale(turn)
    since = turn.viewer.today - timedelta(days=CLASS_TEACHER_CORRECTION_DAYS)
    found = await turn.run(absence_reasons_for_class, payload.item, since)
    cls = await _class(turn, payload.item)
    lines = [st.REASONS_TITLE.format(klass=cls.title if cls else "", since=fmt.day(since))]
    for r in found:
        when = f"{fmt.day(r.lesson_date)}, {r.lesson_number}-й урок"
        lines.append(f"{when} — {r.pupil_name}: {r.reason} ({r.reported_by})")
    if not found:
        lines.append(st.REASONS_NONE)
    back = sm.button(st.BACK, Action.MY_CLASS, item=payload.item)
    return [Reply("\n".join(lines), Keyboard.of([back, to_menu()]))]


async def printouts(turn: Turn, payload: Payload) -> list[Reply]:
    """The month's summaries as a PDF (the month of the button's day, this one by default)."""
    on = payload.day or turn.viewer.today
    if payload.item is None or not turn.viewer.sane(on):
        return await stale(turn)
    sheets = await turn.run(monthly_sheets, payload.item, on)
    earlier = sheets.month_start - timedelta(days=1)
    keyboard = Keyboard.of(
        [
            sm.button(
                st.PRINTOUTS_EARLIER.format(month=MONTHS[earlier.month - 1]),
                Action.CLASS_PRINTOUTS,
                item=sheets.class_id,
                day=earlier,
            )
        ],
        [sm.button(st.BACK, Action.MY_CLASS, item=sheets.class_id), to_menu()],
    )
    if not sheets.pupils:
        return [Reply(st.PRINTOUTS_NONE.format(klass=sheets.class_title), keyboard)]
    month = f"{MONTHS[sheets.month_start.month - 1]} {sheets.month_start.year}"
    count = len(sheets.pupils)
    caption = st.PRINTOUTS_CAPTION.format(
        month=month,
        pupils=f"{count} {fmt.plural(count, st.PUPILS_GENITIVE)}",
        klass=sheets.class_title,
    )
    sheet = Attachment(
        filename=st.PRINTOUTS_FILE.format(klass=sheets.class_title, month=sheets.month_start),
        content=render_monthly_sheets(sheets),
    )
    return [Reply(caption, keyboard, attachment=sheet)]
