"""The health sheet's words (004 §9)."""

from services.people.health import HealthLine
from services.people.health_sheet import PeriodMark

HEALTH_SHEET = "Лист здоровья"
PICK_CLASS = "Лист здоровья: выберите класс."
NO_CLASSES = "В журнале пока нет классов."
CLASS_TITLE = "Лист здоровья, {klass}"
CLASS_EMPTY = "В классе пока нет учеников."
TAP_TO_CHANGE = "Нажмите на ученика, чтобы поставить группы, «осв.» или примечание."
TAP_TO_READ = "Нажмите на ученика, чтобы увидеть примечание."
TO_CLASSES = "К классам"
TO_CLASS = "К классу"
CHANGE_GROUPS = "Группы"
NOTE = "Примечание"
NOT_FILLED = "не заполнено"
HEALTH_GROUP_LABEL = "{group} группа"
ASK_HEALTH_GROUP = "{name}: выберите группу здоровья."
ASK_PE_GROUP = "{name}: группа здоровья {group}. Теперь выберите группу по физкультуре."
SAVED = "Сохранено: группа здоровья {group}, {pe}."
EXEMPT_ON = "«осв.» за {period} поставлено."
EXEMPT_OFF = "«осв.» за {period} снято."
EXEMPT_BUTTON = "осв. {period}"
EXEMPT_BUTTON_ON = "✅ осв. {period}"
EXEMPTIONS = "Освобождение от физкультуры"
EXEMPTIONS_HINT = "Нажмите на период, чтобы поставить или снять «осв.»."
EXEMPTIONS_PAGE = "Страница {page} из {pages}."
ASK_NOTE = (
    "{name}: напишите примечание одним сообщением, до 300 символов. "
    "Чтобы стереть примечание, отправьте «-»."
)
NOTE_AGAIN = "Напишите примечание ещё раз или нажмите «Отмена»."
NOTE_SAVED = "Примечание сохранено."
NOTE_CLEARED = "Примечание стёрто."
CLEAR_NOTE = ("-", "—", "–")


def groups(line: HealthLine) -> str:
    """ "группа здоровья 2, основная; осв.: 1 четверть" or "не заполнено"."""
    parts = []
    if line.health_group is not None:
        parts.append(f"группа здоровья {line.health_group}")
    if line.pe_group:
        parts.append(line.pe_group)
    text = ", ".join(parts) or NOT_FILLED
    if line.exempt_periods:
        text += "; осв.: " + ", ".join(line.exempt_periods)
    return text


def class_line(number: int, line: HealthLine) -> str:
    return f"{number}. {line.full_name} — {groups(line)}"


def card(line: HealthLine, klass: str, periods: tuple[PeriodMark, ...]) -> str:
    exempt = [p.name for p in periods if p.exempt] or list(line.exempt_periods)
    rows = [
        f"{line.full_name}, {klass}",
        "Группа здоровья: "
        + (str(line.health_group) if line.health_group is not None else NOT_FILLED),
        "Группа по физкультуре: " + (line.pe_group or NOT_FILLED),
        "Освобождение от физкультуры: " + (", ".join(exempt) if exempt else "нет"),
    ]
    if line.note:
        rows.append(f"Примечание: {line.note}")
    return "\n".join(rows)
