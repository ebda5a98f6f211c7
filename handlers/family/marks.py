"""Marks: the latest ones, the current period by subject with forecasts, and final marks."""

from handlers.core.io import Reply
from handlers.core.menu import for_pupil, menu_reply, no_child_note
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import Marks, MarksBySubject, MarksFinal
from services.marks.reading import final_marks, period_marks, recent_marks
from services.views import PupilBrief, SubjectMarks
from services.year_end.archive import last_year_archive
from texts import declension, formatting, phrases, request_phrases
from texts.declension import Case
from texts.subject_words import names_subject

RECENT_LIMIT = 15


@for_pupil
async def recent(turn: Turn, press: Marks, pupil: PupilBrief) -> list[Reply]:
    # The latest entered (a teacher may mark a lesson days later), shown as a journal page reads:
    # by the lesson's date, newest first.
    marks = await turn.run(recent_marks, pupil.id, RECENT_LIMIT)
    lines = [phrases.MARKS_RECENT_TITLE.format(whose=formatting.whose(pupil)), ""]
    for m in sorted(marks, key=lambda m: m.lesson_date, reverse=True):
        lines.append(f"{formatting.day(m.lesson_date)} — {m.subject}: {formatting.mark(m)}")
        if m.comment:
            lines.append(f"   «{m.comment}»")
    if not marks:
        lines.append(phrases.MARKS_NONE)
    return [Reply("\n".join(lines), menus.marks_menu(pupil.id))]


@for_pupil
async def by_subject(turn: Turn, press: MarksBySubject, pupil: PupilBrief) -> list[Reply]:
    result = await turn.run(period_marks, pupil.id)
    title = phrases.MARKS_PERIOD_TITLE.format(
        period=result.period.name, whose=formatting.whose(pupil)
    )
    lines = [title]
    for subject in result.subjects:
        lines += ["", *_subject_lines(subject)]
    if not result.subjects:
        lines += ["", phrases.MARKS_NONE]
    return [Reply("\n".join(lines), menus.marks_menu(pupil.id))]


def _subject_lines(subject: SubjectMarks) -> list[str]:
    row = formatting.marks_row(subject.marks) or phrases.SUBJECT_NO_MARKS
    lines = [f"{subject.subject}: {row}"]
    if subject.marks:
        lines.append(f"   {formatting.forecast(subject.forecast)}")
    if subject.final_mark:
        lines.append("   " + phrases.FINAL_SET.format(value=subject.final_mark))
    return lines


async def of_subject(turn: Turn, words: str) -> list[Reply]:
    """ "оценки по математике": that subject's marks of the period, with the forecast."""
    viewer = turn.viewer
    pupil = viewer.selected
    if pupil is None:
        return [menu_reply(viewer, note=no_child_note(viewer))]
    result = await turn.run(period_marks, pupil.id)
    found = [s for s in result.subjects if names_subject(s.subject, words)]
    if not found:
        names = [s.subject for s in result.subjects]
        note = request_phrases.NO_SUCH_SUBJECT.format(
            words=words,
            whose=declension.decline_name(pupil.first_name, Case.GENITIVE, pupil.gender),
            subjects=", ".join(names),
        )
        return [menu_reply(viewer, pupil, note=note)]
    title = phrases.MARKS_PERIOD_TITLE.format(
        period=result.period.name, whose=formatting.whose(pupil)
    )
    lines = [title]
    for subject in found:
        lines += ["", *_subject_lines(subject)]
    return [Reply("\n".join(lines), menus.marks_menu(pupil.id))]


@for_pupil
async def finals(turn: Turn, press: MarksFinal, pupil: PupilBrief) -> list[Reply]:
    rows = await turn.run(final_marks, pupil.id)
    lines = [phrases.MARKS_FINAL_TITLE.format(whose=formatting.whose(pupil))]
    period_id = None
    for row in rows:
        if row.period.id != period_id:
            period_id = row.period.id
            lines += ["", row.period.name]
        lines.append(f"{row.subject} — {row.value}")
    if not rows:
        lines += ["", phrases.FINAL_NONE]
    archive = await turn.run(last_year_archive, pupil.id)
    if archive is not None and archive.subjects:
        lines += ["", phrases.FINAL_LAST_YEAR.format(year=archive.year, klass=archive.class_title)]
        for subject in archive.subjects:
            lines.append(f"{subject.subject} — {subject.finals[-1][1]}")
        if archive.debts:
            lines.append(phrases.FINAL_DEBTS.format(subjects=", ".join(archive.debts)))
    return [Reply("\n".join(lines), menus.marks_menu(pupil.id))]
