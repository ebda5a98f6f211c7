"""The keyboards of the notification settings: toggles that show their state, kept within one
VK inline keyboard (10 buttons, 6 rows) so that every tap can redraw the same message."""

from collections.abc import Sequence
from datetime import time

from db.enums import Platform
from keyboards.actions.settings import (
    Notify,
    NotifyKind,
    NotifyMore,
    NotifyQuiet,
    NotifySubject,
    NotifySubjects,
    NotifyThreshold,
    Whose,
)
from keyboards.menus import MAX_LABEL, button, to_menu
from keyboards.model import Button, Keyboard
from keyboards.staff_menus import Layout, layout, paged, rows_of
from services.settings.notifications import QUIET_OFF, THRESHOLDS, NotificationSettings
from services.views import PupilBrief
from texts import settings_phrases
from texts.formatting import whose


def _clock(hhmm: str) -> time:
    return time.fromisoformat(hhmm)


# The quiet hours offered: the presets, then none (equal ends).
QUIET_CHOICES = tuple(
    (_clock(start), _clock(end)) for start, end in (*settings_phrases.QUIET_PRESETS, QUIET_OFF)
)


def quiet_span(press: NotifyQuiet) -> tuple[str, str] | None:
    """The quiet hours a button sets as the service takes them; None if never offered."""
    if (press.start, press.end) not in QUIET_CHOICES:
        return None
    return press.start.strftime("%H:%M"), press.end.strftime("%H:%M")


def _mark(on: bool, label: str) -> str:
    return f"{settings_phrases.ON if on else settings_phrases.OFF} {label}"


def settings_menu(
    view: NotificationSettings, pupil: int | None, switch: str | None = None
) -> Keyboard:
    """switch: the label of the button back to "whose settings", if there is a choice."""
    toggles = [
        button(
            _mark(view.is_on(kind), settings_phrases.KIND_LABELS[kind]),
            NotifyKind(pupil=pupil, kind=kind, on=not view.is_on(kind)),
        )
        for kind in view.offered
    ]
    more = button(
        settings_phrases.MORE if view.marks else settings_phrases.MORE_OWN, NotifyMore(pupil=pupil)
    )
    last = button(switch, Notify(whose=Whose.ASK)) if switch else to_menu(view.pupil_id)
    return Keyboard.of(*rows_of(toggles, 2), [more, last])


def more_menu(view: NotificationSettings, pupil: int | None) -> Keyboard:
    rows: list[list[Button]] = []
    if view.marks:
        rows.append(
            [
                button(
                    _chosen(
                        view.poor_mark_threshold == value, settings_phrases.THRESHOLD_LABELS[value]
                    ),
                    NotifyThreshold(pupil=pupil, threshold=value),
                )
                for value in settings_phrases.THRESHOLD_LABELS
            ]
        )
        if view.subjects:
            rows.append([button(settings_phrases.BY_SUBJECT, NotifySubjects(pupil=pupil))])
    current = (view.quiet_from, view.quiet_to)
    quiet = [
        button(
            _chosen(current == span, "–".join(span)),
            NotifyQuiet(pupil=pupil, start=_clock(span[0]), end=_clock(span[1])),
        )
        for span in settings_phrases.QUIET_PRESETS
    ]
    off_from, off_to = QUIET_OFF
    quiet.append(
        button(
            _chosen(not view.quiet, settings_phrases.QUIET_NONE),
            NotifyQuiet(pupil=pupil, start=_clock(off_from), end=_clock(off_to)),
        )
    )
    rows.extend(rows_of(quiet, 2))
    rows.append(
        [
            button(settings_phrases.BACK, Notify(pupil=pupil, whose=Whose.SHOWN)),
            to_menu(view.pupil_id),
        ]
    )
    return Keyboard.of(*rows)


def _chosen(chosen: bool, label: str) -> str:
    return f"{settings_phrases.ON} {label}" if chosen else label


def _fit(platform: Platform) -> Layout:
    # Long subject names read best one a row; VK's 6 rows need two a row.
    return layout(platform, reserved=1, per_row=2 if platform == Platform.VK else 1)


def subject_page(view: NotificationSettings, subject_id: int, platform: Platform) -> int:
    """The page of the subject list that shows this subject."""
    ids = [s.subject_id for s in view.subjects]
    index = ids.index(subject_id) if subject_id in ids else 0
    return index // _fit(platform).page_size + 1


def _subject_label(name: str, threshold: int, own: bool) -> str:
    tail = settings_phrases.SUBJECT_LABEL.format(subject="", threshold=threshold) + (
        " ✎" if own else ""
    )
    room = MAX_LABEL - len(tail)
    if len(name) > room:
        name = name[: room - 1] + "…"
    return name + tail


def subjects_menu(
    view: NotificationSettings, pupil: int | None, page: int, platform: Platform
) -> tuple[Keyboard, int, int]:
    """The subjects with their thresholds, a tap switching 2 ↔ 3; returns the page shown and
    the number of pages."""
    picks = [
        button(
            _subject_label(s.name, s.threshold, s.own),
            NotifySubject(
                pupil=pupil,
                subject=s.subject_id,
                threshold=next(t for t in THRESHOLDS if t != s.threshold),
            ),
        )
        for s in view.subjects
    ]

    def turn_to(label: str, to_page: int) -> Button:
        return button(label, NotifySubjects(pupil=pupil, page=to_page))

    rows, page, pages = paged(picks, page, _fit(platform), turn_to)
    rows.append([button(settings_phrases.BACK, NotifyMore(pupil=pupil))])
    return Keyboard.of(*rows), page, pages


def children_menu(pupils: Sequence[PupilBrief], own: tuple[int, str] | None = None) -> Keyboard:
    """own: (the person's id, its label) when their own settings are a choice too."""
    picks = [[button(whose(p), Notify(pupil=p.id, whose=Whose.SHOWN))] for p in pupils]
    if own is not None:
        picks.append([button(own[1], Notify(pupil=own[0], whose=Whose.SHOWN))])
    return Keyboard.of(*picks, [to_menu()])
