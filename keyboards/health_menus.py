"""The health sheet's pupil card and its «осв.» screen (004 §9), laid out the same on every
messenger and within the strictest one's limits, a VK inline keyboard: 10 buttons in 6 rows.
The card carries a button per period when they all fit; a year of many periods (quarters
and half-years, say) moves them to a screen of their own, opened from the card in place."""

from keyboards import staff_menus
from keyboards.actions.health import (
    HealthClass,
    HealthExempt,
    HealthExemptions,
    HealthGroupAsk,
    HealthNote,
    HealthPupil,
)
from keyboards.menus import button, to_menu
from keyboards.model import Button, Keyboard
from services.people.health_sheet import PupilHealth
from texts import health_phrases, staff_phrases

VK_ROWS = 6
VK_PER_ROW = 5
PER_ROW = 2


def fits_everywhere(keyboard: Keyboard) -> bool:
    """One message on every messenger: VK's inline keyboard takes the fewest buttons."""
    rows = keyboard.rows
    return (
        len(rows) <= VK_ROWS
        and len(keyboard.buttons()) <= staff_menus.VK_BUTTONS
        and all(len(row) <= VK_PER_ROW for row in rows)
    )


def _toggles(health: PupilHealth, page: int | None) -> list[Button]:
    """A button per period; `page`: the «осв.» screen's page they redraw, None for the card."""
    pupil = health.line.pupil_id
    return [
        button(
            (health_phrases.EXEMPT_BUTTON_ON if p.exempt else health_phrases.EXEMPT_BUTTON).format(
                period=p.name
            ),
            HealthExempt(pupil=pupil, period=p.period_id, exempt=not p.exempt, page=page),
        )
        for p in health.periods
    ]


def card(health: PupilHealth) -> Keyboard:
    pupil = health.line.pupil_id
    back = [button(health_phrases.TO_CLASS, HealthClass(class_id=health.class_id)), to_menu()]
    if not health.may_change:
        return Keyboard.of(back)
    change = [
        button(health_phrases.CHANGE_GROUPS, HealthGroupAsk(pupil=pupil)),
        button(health_phrases.NOTE, HealthNote(pupil=pupil)),
    ]
    inline = Keyboard.of(change, *staff_menus.rows_of(_toggles(health, None), PER_ROW), back)
    if fits_everywhere(inline):
        return inline
    exemptions = button(health_phrases.EXEMPTIONS, HealthExemptions(pupil=pupil))
    return Keyboard.of(change, [exemptions], back)


def exemptions_layout(count: int) -> staff_menus.Layout:
    """All the periods and «Назад» on one page when they fit (nine), else seven a page and
    ◀ ▶: the same pages on every messenger."""
    whole = staff_menus.VK_BUTTONS - 1
    if count <= whole and -(-count // PER_ROW) < VK_ROWS:
        return staff_menus.Layout(PER_ROW, max(count, 1))
    return staff_menus.Layout(PER_ROW, whole - staff_menus.PAGING_BUTTONS)


def exemptions(health: PupilHealth, page: int) -> tuple[Keyboard, int, int]:
    """The «осв.» screen's keyboard, the page shown (clamped) and the number of pages."""
    pupil = health.line.pupil_id
    fit = exemptions_layout(len(health.periods))
    page, _, _ = staff_menus.page_of(len(health.periods), page, fit.page_size)
    rows, page, pages = staff_menus.paged(
        _toggles(health, page),
        page,
        fit,
        lambda label, to: button(label, HealthExemptions(pupil=pupil, page=to)),
    )
    back = button(staff_phrases.BACK, HealthPupil(pupil=pupil))
    return Keyboard.of(*rows, [back]), page, pages
