"""What the bot says about requests typed in words: impossible dates, unknown subjects."""

from texts.formatting import MONTHS_GENITIVE, plural

DATE_FORMS = "Напишите дату так: 12.12, 12.12.2026 или 12 декабря."
MONTHS_PREPOSITIONAL = (
    *("январе", "феврале", "марте", "апреле", "мае", "июне"),
    *("июле", "августе", "сентябре", "октябре", "ноябре", "декабре"),
)
NO_SUCH_MONTH = "Месяца с номером {month} нет: их двенадцать. " + DATE_FORMS
NOT_A_LEAP_YEAR = "В {year} году февраль короткий: 29 февраля нет. " + DATE_FORMS
TOO_FAR = "Так далеко журнал не заглядывает: выберите день в пределах учебного года."
NO_SUCH_SUBJECT = (
    "Не нашёл у {whose} предмета «{words}». Предметы: {subjects}. Напишите, например, "
    "«оценки по математике»."
)


def no_such_day(day: int, month: int, days: int) -> str:
    """ "31 февраля не бывает: в феврале не больше 29 дней." (month: 1..12)"""
    named = f"{day} {MONTHS_GENITIVE[month - 1]}"
    most = f"{days} {plural(days, ('дня', 'дней', 'дней'))}"
    return f"{named} не бывает: в {MONTHS_PREPOSITIONAL[month - 1]} не больше {most}. " + DATE_FORMS
