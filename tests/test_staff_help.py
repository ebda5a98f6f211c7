"""Help for staff tells of the buttons the person's menu has, and only those: an administrator
hears of «Ученики и классы» and school files, not of lessons; a director of reports and
announcements, not of the roll call; a teacher of the lesson, not of the roster."""

import pytest

from services.context import Journal
from tests.staff_kit import staff_chat
from tests.tiny_school import TinySchool
from texts import import_phrases, phrases, report_phrases, staff_phrases

LINES = staff_phrases.HELP_LINES


@pytest.mark.parametrize(
    ("who", "told", "not_told"),
    [
        ("admin", [staff_phrases.ROSTER, staff_phrases.CHANGES], [staff_phrases.NOW]),
        (
            "director",
            [report_phrases.REPORTS, staff_phrases.ANNOUNCE],
            [staff_phrases.NOW, staff_phrases.ROSTER, staff_phrases.CHANGES],
        ),
        (
            "deputy",
            [staff_phrases.NOW, staff_phrases.CHANGES, staff_phrases.ANNOUNCE],
            [staff_phrases.ROSTER, staff_phrases.MY_CLASS],
        ),
        (
            "math",  # a teacher who leads 5А
            [staff_phrases.NOW, staff_phrases.FINALS, staff_phrases.MY_CLASS],
            [staff_phrases.ROSTER, staff_phrases.CHANGES, staff_phrases.ANNOUNCE],
        ),
    ],
)
async def test_help_follows_the_menu(
    journal: Journal, tiny: TinySchool, who: str, told: list[str], not_told: list[str]
) -> None:
    chat = await staff_chat(journal, tiny, who)
    await chat.send(phrases.HELP)
    assert chat.text.startswith(staff_phrases.HELP_TITLE)
    for label in told:
        assert LINES[label] in chat.text, (who, label)
    for label in not_told:
        assert LINES[label] not in chat.text, (who, label)
    assert staff_phrases.HELP_TYPING in chat.text
    assert (import_phrases.HELP_LINE in chat.text) == (who == "admin")


async def test_every_button_of_a_staff_menu_has_its_help_line(
    journal: Journal, tiny: TinySchool
) -> None:
    """A button added to the staff menu without a line in HELP_LINES would go unexplained."""
    everyday = {phrases.ANNOUNCEMENTS, phrases.SETTINGS, phrases.HELP}
    for who in ("admin", "director", "deputy", "math", "eng1", "medic"):
        chat = await staff_chat(journal, tiny, who)
        await chat.send("/menu")
        missing = [label for label in chat.labels if label not in LINES and label not in everyday]
        assert missing == [], (who, missing)
