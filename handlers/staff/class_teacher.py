"""The class teacher's corner: the class's week of attendance to check and correct (001 §4.3.5),
the printable invite slips for those still outside the chat, the reasons parents gave, and the
monthly summaries to print for the families who refused the electronic journal (§4.3.9)."""

from datetime import date, timedelta

from db.enums import AttendanceStatus
from handlers.core.io import Attachment, Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.family.schedule import monday_of
from handlers.staff import states
from keyboards import staff_menus
from keyboards.actions.health import HealthClass
from keyboards.actions.staff import (
    Announce,
    ClassCodes,
    ClassCodesIssue,
    ClassFamilies,
    ClassFix,
    ClassFixDay,
    ClassFixDaySet,
    ClassFixSet,
    ClassPrintouts,
    ClassReasons,
    ClassWeek,
    ClassWeekOpen,
    MyClass,
)
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.attendance.absence_reasons import absence_reasons_for_class
from services.attendance.roll_call import CLASS_TEACHER_CORRECTION_DAYS, correct_attendance
from services.class_teacher.monthly_sheet import MONTHS, monthly_sheets
from services.class_teacher.monthly_sheet_pdf import render_monthly_sheets
from services.class_teacher.overview import class_week_attendance, unlinked_people
from services.context import Ctx
from services.invites.class_invites import invite_plan
from services.invites.sheet import render_invite_sheet
from services.people.actor import Actor
from services.people.staff_directory import ClassBrief, school_classes
from services.staff_views import AttendanceEntry, PupilWeek, WeekAttendance
from texts import formatting, health_phrases, phrases, staff_formatting, staff_phrases

STATUSES = (*staff_formatting.CYCLE, AttendanceStatus.EXEMPT)
A = AttendanceStatus
# A whole day: the usual corrections first (a note from the doctor, a valid reason).
DAY_STATUSES = (A.ILL, A.EXCUSED, A.ABSENT, A.LATE, A.EXEMPT, A.PRESENT)


async def _class(turn: Turn, class_id: int | None) -> ClassBrief | None:
    """The class asked for among the actor's own (the service refuses anyone else)."""
    classes = await turn.run(school_classes)
    mine = [c for c in classes if c.id in turn.actor.class_teacher_of]
    if class_id is None:
        return mine[0] if len(mine) == 1 else None
    return next((c for c in classes if c.id == class_id), None)


def _menu(cls: ClassBrief) -> Keyboard:
    # Two a row: a VK inline keyboard takes six rows at most.
    return Keyboard.of(
        [
            button(staff_phrases.CLASS_WEEK, ClassWeek(class_id=cls.id)),
            button(staff_phrases.CLASS_REASONS, ClassReasons(class_id=cls.id)),
        ],
        [
            button(staff_phrases.CLASS_CODES, ClassCodes(class_id=cls.id)),
            button(staff_phrases.CLASS_FAMILIES, ClassFamilies(class_id=cls.id)),
        ],
        [
            button(staff_phrases.CLASS_ANNOUNCE, Announce(class_id=cls.id)),
            button(staff_phrases.CLASS_PRINTOUTS, ClassPrintouts(class_id=cls.id)),
        ],
        [button(health_phrases.HEALTH_SHEET, HealthClass(class_id=cls.id)), to_menu()],
    )


async def my_class(turn: Turn, press: MyClass) -> list[Reply]:
    if not turn.actor.class_teacher_of and press.class_id is None:
        return [Reply(staff_phrases.CLASS_ONLY, Keyboard.of([to_menu()]))]
    cls = await _class(turn, press.class_id)
    if cls is None:
        classes = await turn.run(school_classes)
        picks = [button(c.title, MyClass(class_id=c.id)) for c in classes]
        return [
            Reply(
                staff_phrases.CLASS_PICK, Keyboard.of(*staff_menus.rows_of(picks, 3), [to_menu()])
            )
        ]
    return [Reply(staff_phrases.CLASS_TITLE.format(klass=cls.title), _menu(cls), edit=turn.pressed)]


def _day_line(when: date, entries: list[AttendanceEntry]) -> str:
    """ "пн, 16 ноября: 1 б, 2 н, 3 н · «Болеет»": one line per pupil and day."""
    marks = ", ".join(f"{e.number} {staff_formatting.STATUS_CODE[e.status]}" for e in entries)
    reasons = list(dict.fromkeys(e.reason for e in entries if e.reason))
    said = " · " + "; ".join(f"«{r}»" for r in reasons) if reasons else ""
    return f"  {formatting.day(when)}: {marks}{said}"


def _days(entries: tuple[AttendanceEntry, ...]) -> dict[date, list[AttendanceEntry]]:
    days: dict[date, list[AttendanceEntry]] = {}
    for e in sorted(entries, key=lambda e: (e.date, e.number)):
        days.setdefault(e.date, []).append(e)
    return days


def _week_reply(
    turn: Turn, week: WeekAttendance, note: str = "", page: int = 1, edit: bool = True
) -> Reply:
    lines = [note, ""] if note else []
    span = formatting.day_span(week.week_start, week.week_end)
    lines.append(staff_phrases.WEEK_TITLE.format(klass=week.class_title, span=span))
    fixes = []
    for pupil in week.pupils:
        lines += ["", pupil.full_name]
        for when, entries in _days(pupil.entries).items():
            lines.append(_day_line(when, entries))
            if any(e.can_correct for e in entries):
                weekday = formatting.WEEKDAYS[when.weekday()]
                label = f"{staff_formatting.short(pupil.full_name)} · {weekday}"
                fixes.append(button(label, ClassFixDay(pupil=pupil.pupil_id, day=when)))
    if week.pupils:
        lines += ["", staff_phrases.WEEK_LEGEND]
    if not week.pupils:
        lines += ["", staff_phrases.WEEK_ALL_PRESENT]
    if week.missing_roll_calls:
        lines += ["", staff_phrases.WEEK_MISSING]
        for m in week.missing_roll_calls:
            lines.append(
                f"  {formatting.day(m.date)}, {m.number}-й урок, {m.subject} — {m.teacher}"
            )
    if fixes:
        lines += ["", staff_phrases.WEEK_FIX_HINT]
    rows, _, _ = staff_menus.paged(
        fixes,
        page,
        staff_menus.layout(turn.platform, reserved=4),
        lambda label, to: button(
            label, ClassWeek(class_id=week.class_id, day=week.week_start, page=to)
        ),
    )
    last_week, next_week = week.week_start - timedelta(7), week.week_start + timedelta(7)
    keyboard = Keyboard.of(
        *rows,
        [
            button(phrases.PREV_WEEK, ClassWeek(class_id=week.class_id, day=last_week)),
            button(phrases.NEXT_WEEK, ClassWeek(class_id=week.class_id, day=next_week)),
        ],
        [button(staff_phrases.BACK, MyClass(class_id=week.class_id)), to_menu()],
    )
    return Reply("\n".join(lines), keyboard, edit=edit and turn.pressed)


async def _show_week(
    turn: Turn, class_id: int, monday: date, note: str = "", page: int = 1, edit: bool = True
) -> list[Reply]:
    week = await turn.run(class_week_attendance, class_id, monday)
    turn.set_state(states.ClassWeek(class_id=week.class_id, monday=week.week_start))
    return [_week_reply(turn, week, note, page, edit)]


async def week(turn: Turn, press: ClassWeek) -> list[Reply]:
    """The week on screen, paged in place."""
    on = press.day or turn.viewer.today
    if not turn.viewer.sane(on):
        return await stale(turn)
    return await _show_week(turn, press.class_id, monday_of(on), page=press.page)


async def week_from_summary(turn: Turn, press: ClassWeekOpen) -> list[Reply]:
    """The week from the weekly summary, as a new message: the summary with the parents'
    reasons stays in the chat."""
    on = press.day or turn.viewer.today
    if not turn.viewer.sane(on):
        return await stale(turn)
    return await _show_week(turn, press.class_id, monday_of(on), edit=False)


def _where(turn: Turn) -> tuple[int, date] | None:
    shown = turn.state_as(states.ClassWeek)
    return None if shown is None else (shown.class_id, shown.monday)


async def fix(turn: Turn, press: ClassFix) -> list[Reply]:
    where = _where(turn)
    if where is None:
        return await stale(turn)
    found = await turn.run(class_week_attendance, *where)
    pupil = next((p for p in found.pupils if p.pupil_id == press.pupil), None)
    entry = next((e for e in pupil.entries if e.lesson_id == press.lesson), None) if pupil else None
    if pupil is None or entry is None:
        return [_week_reply(turn, found, staff_phrases.FIX_GONE)]
    options = [
        button(
            staff_formatting.STATUS_ONE[s],
            ClassFixSet(lesson=entry.lesson_id, pupil=pupil.pupil_id, status=s),
        )
        for s in STATUSES
        if s != entry.status
    ]
    back = button(phrases.CANCEL, ClassWeek(class_id=where[0], day=where[1]))
    status = staff_formatting.STATUS_ONE[entry.status]
    text = staff_phrases.FIX_TITLE.format(
        name=pupil.full_name,
        when=formatting.day(entry.date),
        number=entry.number,
        subject=entry.subject,
        status=status,
    )
    return [Reply(text, Keyboard.of(*staff_menus.rows_of(options, 2), [back]), edit=turn.pressed)]


async def fix_set(turn: Turn, press: ClassFixSet) -> list[Reply]:
    where = _where(turn)
    if where is None or press.status not in STATUSES:
        return await stale(turn)
    status = press.status
    await turn.run(correct_attendance, press.lesson, press.pupil, status)
    return await _show_week(
        turn,
        *where,
        note=staff_phrases.FIX_SAVED.format(status=staff_formatting.STATUS_ONE[status]),
    )


# A class of 30 with two parents each fits one message, with room to spare.
PLAN_NAMES_SHOWN = 40


def _names(title: str, names: tuple[str, ...]) -> list[str]:
    lines = [title, *(f"• {n}" for n in names[:PLAN_NAMES_SHOWN])]
    if len(names) > PLAN_NAMES_SHOWN:
        lines.append(staff_phrases.CODES_PLAN_MORE.format(count=len(names) - PLAN_NAMES_SHOWN))
    return lines


async def codes(turn: Turn, press: ClassCodes) -> list[Reply]:
    """Who would get a code and who already holds one; nothing is issued before a tap."""
    plan = await turn.run(invite_plan, press.class_id)
    back = button(staff_phrases.BACK, MyClass(class_id=plan.class_id))
    if not plan.new and not plan.holding:
        text = staff_phrases.CODES_NONE.format(klass=plan.class_title)
        return [Reply(text, Keyboard.of([back, to_menu()]), edit=turn.pressed)]
    lines = [staff_phrases.CODES_PLAN_TITLE.format(klass=plan.class_title)]
    if plan.new:
        lines += ["", *_names(staff_phrases.CODES_PLAN_NEW.format(count=len(plan.new)), plan.new)]
    if plan.holding:
        title = staff_phrases.CODES_PLAN_HOLDING.format(count=len(plan.holding))
        lines += ["", *_names(title, plan.holding)]
    lines += ["", staff_phrases.CODES_PLAN_ASK if plan.new else staff_phrases.CODES_ONLY_HOLDING]
    rows = []
    if plan.new:
        label = staff_phrases.CODES_ISSUE_NEW.format(count=len(plan.new))
        rows.append([button(label, ClassCodesIssue(class_id=plan.class_id))])
    if plan.holding:
        label = staff_phrases.CODES_ISSUE_EVERY.format(count=len(plan.new) + len(plan.holding))
        rows.append([button(label, ClassCodesIssue(class_id=plan.class_id, every=True))])
    return [Reply("\n".join(lines), Keyboard.of(*rows, [back, to_menu()]), edit=turn.pressed)]


async def codes_issue(turn: Turn, press: ClassCodesIssue) -> list[Reply]:
    people = await turn.run(unlinked_people, press.class_id, only_new=not press.every)
    if not people:  # linked or given a code meanwhile: show how things stand now
        return await codes(turn, ClassCodes(class_id=press.class_id))
    cls = await _class(turn, press.class_id)
    title = cls.title if cls else people[0].class_title
    content = render_invite_sheet(
        people, school_name=turn.viewer.school_name, class_title=title, bot_links=turn.links
    )
    sheet = Attachment(filename=staff_phrases.CODES_FILE.format(klass=title), content=content)
    caption = staff_phrases.CODES_CAPTION.format(klass=title, count=len(people))
    back = button(staff_phrases.BACK, MyClass(class_id=press.class_id))
    return [Reply(caption, Keyboard.of([back, to_menu()]), attachment=sheet)]


async def reasons(turn: Turn, press: ClassReasons) -> list[Reply]:
    since = turn.viewer.today - timedelta(days=CLASS_TEACHER_CORRECTION_DAYS)
    found = await turn.run(absence_reasons_for_class, press.class_id, since)
    cls = await _class(turn, press.class_id)
    lines = [
        staff_phrases.REASONS_TITLE.format(
            klass=cls.title if cls else "", since=formatting.day(since)
        )
    ]
    for r in found:
        when = f"{formatting.day(r.lesson_date)}, {r.lesson_number}-й урок"
        lines.append(f"{when} — {r.pupil_name}: {r.reason} ({r.reported_by})")
    if not found:
        lines.append(staff_phrases.REASONS_NONE)
    back = button(staff_phrases.BACK, MyClass(class_id=press.class_id))
    return [Reply("\n".join(lines), Keyboard.of([back, to_menu()]))]


async def printouts(turn: Turn, press: ClassPrintouts) -> list[Reply]:
    """The month's summaries as a PDF (the month of the button's day, this one by default)."""
    on = press.day or turn.viewer.today
    if not turn.viewer.sane(on):
        return await stale(turn)
    sheets = await turn.run(monthly_sheets, press.class_id, on)
    earlier = sheets.month_start - timedelta(days=1)
    keyboard = Keyboard.of(
        [
            button(
                staff_phrases.PRINTOUTS_EARLIER.format(month=MONTHS[earlier.month - 1]),
                ClassPrintouts(class_id=sheets.class_id, day=earlier),
            )
        ],
        [button(staff_phrases.BACK, MyClass(class_id=sheets.class_id)), to_menu()],
    )
    if not sheets.pupils:
        return [Reply(staff_phrases.PRINTOUTS_NONE.format(klass=sheets.class_title), keyboard)]
    month = f"{MONTHS[sheets.month_start.month - 1]} {sheets.month_start.year}"
    count = len(sheets.pupils)
    caption = staff_phrases.PRINTOUTS_CAPTION.format(
        month=month,
        pupils=f"{count} {formatting.plural(count, staff_phrases.PUPILS_GENITIVE)}",
        klass=sheets.class_title,
    )
    sheet = Attachment(
        filename=staff_phrases.PRINTOUTS_FILE.format(
            klass=sheets.class_title, month=sheets.month_start
        ),
        content=render_monthly_sheets(sheets),
    )
    return [Reply(caption, keyboard, attachment=sheet)]


async def _pupil_day(
    turn: Turn, pupil_id: int, day: date
) -> tuple[tuple[int, date], WeekAttendance, PupilWeek | None, list[AttendanceEntry]] | None:
    where = _where(turn)
    if where is None:
        return None
    found = await turn.run(class_week_attendance, *where)
    pupil = next((p for p in found.pupils if p.pupil_id == pupil_id), None)
    entries = [e for e in pupil.entries if e.date == day] if pupil else []
    return where, found, pupil, entries


async def fix_day(turn: Turn, press: ClassFixDay) -> list[Reply]:
    """A pupil's day: the whole day corrected at once, or one lesson."""
    found = await _pupil_day(turn, press.pupil, press.day)
    if found is None:
        return await stale(turn)
    where, week, pupil, entries = found
    if pupil is None or not any(e.can_correct for e in entries):
        return [_week_reply(turn, week, staff_phrases.FIX_GONE)]
    lines = [
        staff_phrases.FIX_DAY_TITLE.format(name=pupil.full_name, when=formatting.day(press.day))
    ]
    for e in entries:
        status = staff_formatting.STATUS_ONE[e.status]
        reason = f" ({e.reason})" if e.reason else ""
        lines.append(f"  {e.number}-й урок, {e.subject}: {status}{reason}")
    lines += ["", staff_phrases.FIX_DAY_PICK]
    correctable = [e for e in entries if e.can_correct]
    whole = [
        button(
            staff_phrases.FIX_DAY_ALL.format(status=staff_formatting.STATUS_ONE[s]),
            ClassFixDaySet(pupil=pupil.pupil_id, day=press.day, status=s),
        )
        for s in DAY_STATUSES
        if any(e.status != s for e in correctable)
    ]
    single = [
        button(
            f"{e.number}. {e.subject}: {staff_formatting.STATUS_CODE[e.status]}",
            ClassFix(lesson=e.lesson_id, pupil=pupil.pupil_id),
        )
        for e in correctable
    ]
    back = button(phrases.CANCEL, ClassWeek(class_id=where[0], day=where[1]))
    keyboard = Keyboard.of(*staff_menus.rows_of(single, 2), *staff_menus.rows_of(whole, 2), [back])
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]


async def _correct_day(
    ctx: Ctx, actor: Actor, pupil_id: int, lessons: list[int], status: AttendanceStatus
) -> None:
    for lesson_id in lessons:
        await correct_attendance(ctx, actor, lesson_id, pupil_id, status)


async def fix_day_set(turn: Turn, press: ClassFixDaySet) -> list[Reply]:
    found = await _pupil_day(turn, press.pupil, press.day)
    if found is None or press.status not in STATUSES:
        return await stale(turn)
    where, week, pupil, entries = found
    lessons = [e.lesson_id for e in entries if e.can_correct and e.status != press.status]
    if pupil is None or not lessons:
        return [_week_reply(turn, week, staff_phrases.FIX_GONE)]
    await turn.run(_correct_day, pupil.pupil_id, lessons, press.status)
    count = f"{len(lessons)} {formatting.plural(len(lessons), staff_phrases.LESSONS_FORMS)}"
    note = staff_phrases.FIX_DAY_SAVED.format(
        when=formatting.day(press.day),
        lessons=count,
        status=staff_formatting.STATUS_ONE[press.status],
    )
    return await _show_week(turn, *where, note=note)
