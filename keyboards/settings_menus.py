"""The keyboards of the notification settings: toggles that show their state, kept within one
VK inline keyboard (10 buttons, 6 rows) so that every tap can redraw the same message.

Buttons carry the value they set (on or off, 2 or 3, a preset), never "toggle": a message
pressed twice, or an old one pressed late, sets the same thing again."""

from collections.abc import Sequence

from db.enums import Platform
from keyboards.menus import MAX_LABEL, to_menu
from keyboards.model import Button, Keyboard
from keyboards.payloads import Action
from keyboards.staff_menus import Layout, button, layout, paged, rows_of
from services.settings.notifications import KINDS, QUIET_OFF, THRESHOLDS, NotificationSettings
from services.views import PupilBrief
from texts import settings_phrases
from texts.formatting import whose

TURN_ON, TURN_OFF = 1, 2
PICK_CHILD = 1  # NOTIFY's value: ask whose settings, even with a child chosen
# NOTIFY's value from the screens themselves: this one's settings, without asking whose. A
# guardian who is also staff is asked whenever they open the settings (the menu's button,
# typed words), since their own are one more choice.
SHOW = 2
QUIET_OFF_CHOICE = (
    len(settings_phrases.QUIET_PRESETS) + 1
)  # the choice after the presets: no quiet hours


def kind_number(kind: str) -> int:
    return KINDS.index(kind) + 1


def kind_of(number: int | None) -> str | None:
    return KINDS[number - 1] if number is not None and 1 <= number <= len(KINDS) else None


def quiet_choice(value: int | None) -> tuple[str, str] | None:
    """The quiet hours a button's choice stands for; None for anything else."""
    if value == QUIET_OFF_CHOICE:
        return QUIET_OFF
    if value is not None and 1 <= value <= len(settings_phrases.QUIET_PRESETS):
        return settings_phrases.QUIET_PRESETS[value - 1]
    return None


def _mark(on: bool, label: str) -> str:
    return f"{settings_phrases.ON if on else settings_phrases.OFF} {label}"


def settings_menu(
    view: NotificationSettings, pupil: int | None, switch: str | None = None
) -> Keyboard:
    """switch: the label of the button back to "whose settings", if there is a choice."""
    toggles = [
        button(
            _mark(view.is_on(kind), settings_phrases.KIND_LABELS[kind]),
            Action.NOTIFY_KIND,
            pupil=pupil,
            item=kind_number(kind),
            value=TURN_OFF if view.is_on(kind) else TURN_ON,
        )
        for kind in view.offered
    ]
    more = button(
        settings_phrases.MORE if view.marks else settings_phrases.MORE_OWN,
        Action.NOTIFY_MORE,
        pupil=pupil,
    )
    last = button(switch, Action.NOTIFY, value=PICK_CHILD) if switch else to_menu(view.pupil_id)
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
                    Action.NOTIFY_THRESHOLD,
                    pupil=pupil,
                    value=value,
                )
                for value in settings_phrases.THRESHOLD_LABELS
            ]
        )
        if view.subjects:
            rows.append([button(settings_phrases.BY_SUBJECT, Action.NOTIFY_SUBJECTS, pupil=pupil)])
    current = (view.quiet_from, view.quiet_to)
    quiet = [
        button(_chosen(current == span, "–".join(span)), Action.NOTIFY_QUIET, pupil=pupil, value=n)
        for n, span in enumerate(settings_phrases.QUIET_PRESETS, 1)
    ]
    quiet.append(
        button(
            _chosen(not view.quiet, settings_phrases.QUIET_NONE),
            Action.NOTIFY_QUIET,
            pupil=pupil,
            value=QUIET_OFF_CHOICE,
        )
    )
    rows.extend(rows_of(quiet, 2))
    rows.append(
        [
            button(settings_phrases.BACK, Action.NOTIFY, pupil=pupil, value=SHOW),
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
            Action.NOTIFY_SUBJECT,
            pupil=pupil,
            item=s.subject_id,
            value=next(t for t in THRESHOLDS if t != s.threshold),
        )
        for s in view.subjects
    ]

    def turn_to(label: str, to_page: int) -> Button:
        return button(label, Action.NOTIFY_SUBJECTS, pupil=pupil, value=to_page)

    rows, page, pages = paged(picks, page, _fit(platform), turn_to)
    rows.append([button(settings_phrases.BACK, Action.NOTIFY_MORE, pupil=pupil)])
    return Keyboard.of(*rows), page, pages


def children_menu(pupils: Sequence[PupilBrief], own: tuple[int, str] | None = None) -> Keyboard:
    """own: (the person's id, its label) when their own settings are a choice too."""
    picks = [[button(whose(p), Action.NOTIFY, pupil=p.id, value=SHOW)] for p in pupils]
    if own is not None:
        picks.append([button(own[1], Action.NOTIFY, pupil=own[0], value=SHOW)])
    return Keyboard.of(*picks, [to_menu()])
