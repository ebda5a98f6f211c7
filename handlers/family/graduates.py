"""A graduate's family (and the graduate) read the archive of the year they finished school in,
for the days the school sets (services.year_end.archive checks them on every read)."""

from handlers.core.io import Reply
from handlers.core.menu import menu_reply, stale
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import GraduateArchive
from services.errors import JournalError
from services.year_end.archive import year_archive
from texts import phrases


async def show_archive(turn: Turn, press: GraduateArchive) -> list[Reply]:
    viewer = turn.viewer
    found = viewer.find_graduate(press.pupil)
    if found is None:
        return await stale(turn)
    try:
        archive = await turn.run(year_archive, found.id, found.year_id)
    except JournalError as refused:
        return [menu_reply(viewer, note=refused.message)]
    lines = [
        phrases.ARCHIVE_TITLE.format(
            name=archive.pupil, year=archive.year, klass=archive.class_title
        )
    ]
    if archive.outcome:
        lines.append(phrases.ARCHIVE_OUTCOME.format(outcome=archive.outcome))
    lines.append("")
    for subject in archive.subjects:
        finals = ", ".join(f"{period}: {value}" for period, value in subject.finals)
        lines.append(phrases.ARCHIVE_SUBJECT.format(subject=subject.subject, finals=finals))
    if not archive.subjects:
        lines.append(phrases.ARCHIVE_NONE)
    if archive.debts:
        lines += ["", phrases.FINAL_DEBTS.format(subjects=", ".join(archive.debts))]
    lines += ["", phrases.ARCHIVE_UNTIL.format(until=found.open_until)]
    several = bool(viewer.pupils) or len(viewer.archives) > 1
    return [Reply("\n".join(lines), menus.archive_menu(several))]
