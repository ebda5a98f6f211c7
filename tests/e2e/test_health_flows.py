"""The medical worker's health sheet through the real bots, on every messenger: a pupil card of
a year with seven periods (quarters, half-years, the year) is one message within the
messenger's limits, and «осв.» is set and taken off by pressing the periods' labels."""

from db.models import PeExemption
from services.context import Journal
from tests.e2e.conftest import on_sqlite
from tests.e2e.messengers import Messenger, Said, labels_of, messenger, text_of
from tests.e2e.test_personas import link
from tests.staff_kit import add_half_years
from tests.test_conversation_kit import invite_code as staff_code
from tests.tiny_school import TinySchool
from tests.write_support import rows
from texts import health_phrases, phrases, staff_phrases

__all__ = ["messenger"]

MEDIC = 921
# The strictest keyboard of the three, VK's inline one (the stand-ins check each messenger's own).
MOST_BUTTONS = 10


def one_edit(said: list[Said]) -> Said:
    """The answer replaced the pressed message, all of it in one, with few enough buttons."""
    assert len(said) == 1 and said[0].edit, said
    assert len(said[0].labels) <= MOST_BUTTONS, said[0].labels
    return said[0]


async def exempted(journal: Journal, tiny: TinySchool) -> set[int]:
    pupil = tiny.people["a3"]
    return {e.period_id for e in await rows(journal, PeExemption, PeExemption.pupil_id == pupil)}


@on_sqlite
async def test_a_card_of_seven_periods_is_one_message_and_sets_exemptions(
    messenger: Messenger, journal: Journal, tiny: TinySchool
) -> None:
    chat = messenger
    await add_half_years(journal, tiny)
    await link(chat, MEDIC, await staff_code(journal, tiny, "medic"))
    await chat.press(MEDIC, health_phrases.HEALTH_SHEET)
    await chat.press(MEDIC, "5А")

    card = one_edit(await chat.press(MEDIC, "Сидоров Олег"))
    assert card.text.startswith("Сидоров Олег, 5А")
    assert health_phrases.EXEMPTIONS in card.labels
    assert health_phrases.CHANGE_GROUPS in card.labels and health_phrases.NOTE in card.labels

    screen = one_edit(await chat.press(MEDIC, health_phrases.EXEMPTIONS))
    periods = [label for label in screen.labels if label.startswith("осв. ")]
    assert len(periods) == 7 and "осв. 2 полугодие" in periods
    assert screen.text.endswith(health_phrases.EXEMPTIONS_HINT)

    set_half = one_edit(await chat.press(MEDIC, "осв. 2 полугодие"))
    assert set_half.text.startswith("«осв.» за 2 полугодие поставлено.")
    assert "✅ осв. 2 полугодие" in set_half.labels
    set_quarter = one_edit(await chat.press(MEDIC, "осв. 4 четверть"))
    assert "Освобождение от физкультуры: 2 полугодие, 4 четверть" in set_quarter.text
    assert await exempted(journal, tiny) == {tiny.periods["h2"], tiny.periods["q4"]}
    taken_off = one_edit(await chat.press(MEDIC, "✅ осв. 4 четверть"))
    assert taken_off.text.startswith("«осв.» за 4 четверть снято.")
    assert await exempted(journal, tiny) == {tiny.periods["h2"]}

    back = one_edit(await chat.press(MEDIC, staff_phrases.BACK))
    assert "Освобождение от физкультуры: 2 полугодие" in back.text
    assert health_phrases.EXEMPTIONS in back.labels
    sheet = await chat.press(MEDIC, health_phrases.TO_CLASS)
    assert "3. Сидоров Олег — не заполнено; осв.: 2 полугодие" in text_of(sheet)
    assert phrases.TO_MENU in labels_of(sheet)
