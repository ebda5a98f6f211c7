"""Every phrase the bot says, in one place (Russian)."""

from db.enums import Gender, InviteRole
from texts.declension import gender_of

# Menu labels: also accepted when typed.
MARKS = "Оценки"
HOMEWORK = "Домашнее задание"
SCHEDULE = "Расписание"
ATTENDANCE = "Посещаемость"
ANNOUNCEMENTS = "Объявления"
CHILDREN = "Выбрать ребёнка"
SETTINGS = "Настройки"
HELP = "Помощь"
TO_MENU = "В меню"
MARKS_RECENT = "Последние"
MARKS_BY_SUBJECT = "По предметам"
MARKS_FINAL = "Итоговые"
HOMEWORK_NEXT = "На завтра"
HOMEWORK_WEEK = "На неделю"
TODAY = "Сегодня"
TOMORROW = "Завтра"
WEEK = "Неделя"
PREV_WEEK = "◀ Пред. неделя"
NEXT_WEEK = "След. неделя ▶"
MY_SCHEDULE = "Моё расписание"
AGREE = "Согласен"
DISAGREE = "Не согласен"
UNLINK = "Отвязать аккаунт"
FORGET = "Забыть меня"
CONFIRM_UNLINK = "Да, отвязать"
CONFIRM_FORGET = "Да, забыть меня"
CANCEL = "Отмена"

WELCOME = (
    "Здравствуйте! Это бот электронного журнала школы.\n"
    "Чтобы начать, пришлите код приглашения — его выдаёт классный руководитель "
    "(или администратор, если вы сотрудник школы)."
)
SEND_CODE = "Пришлите код приглашения одним сообщением."
ROLE_NAMES = {
    InviteRole.PUPIL: ("ученик", "ученица"),
    InviteRole.GUARDIAN: ("родитель", "родитель"),
    InviteRole.STAFF: ("сотрудник школы", "сотрудник школы"),  # a post, said alike of all
}


def role_name(role: InviteRole, gender: Gender | None, full_name: str = "") -> str:
    """ "ученица" or "ученик": the stored gender, else what the name says."""
    male, female = ROLE_NAMES[role]
    known = gender or (gender_of(full_name) if full_name else None)
    return female if known == Gender.FEMALE else male


CODE_ACCEPTED = "Код принят: {name} ({role})."
CODE_REFUSED = "Не получилось: {reason}"
CODE_RETRY = "Проверьте код и пришлите его ещё раз."

CONSENT = (
    "Согласие на обработку персональных данных\n\n"
    "Оператор — {school}: школа ведёт электронный журнал и этот бот.\n"
    "Что обрабатывается: ваш идентификатор в мессенджере и имя из профиля, связь аккаунта "
    "с записью в журнале, а также данные журнала, которые бот вам показывает: оценки, "
    "домашние задания, расписание, посещаемость, объявления.\n"
    "Зачем: чтобы вы видели успеваемость и посещаемость {whom} и получали уведомления "
    "(ст. 6 и 9 Федерального закона № 152-ФЗ «О персональных данных»).\n"
    "Как отозвать: в любой момент — «Настройки» → «Забыть меня» (или команда /forget); "
    "привязка и настройки аккаунта удаляются.\n\n"
    "Согласны?"
)
CONSENT_WHOM_FAMILY = "вашего ребёнка (детей) или свою"
CONSENT_WHOM_STAFF = "по своим урокам"
CONSENT_THANKS = "Спасибо! Согласие записано."
CONSENT_DECLINED = (
    "Понимаю. Без согласия я ничего не показываю. Если передумаете — нажмите «Согласен» "
    "или отправьте /start. Удалить привязку можно командой /forget."
)

MENU_FAMILY = "Главное меню · {whose}\nЧто показать?"
MENU_EMPTY = (
    "Главное меню · {name}\n"
    "Пока мне нечего показать: к аккаунту не привязано ни одного ученика. "
    "Обратитесь к классному руководителю."
)
PICK_CHILD = "Чьи данные показывать?"
PICK_CHILD_ARCHIVES = (
    "У выпускников можно посмотреть только архив: итоговые отметки последнего учебного года."
)
MENU_GRADUATES = (
    "Главное меню · {name}\n"
    "Школа окончена, но итоговые отметки последнего учебного года ещё можно посмотреть "
    "в архиве:\n{lines}"
)
GRADUATE_LINE = "• {who} — до {until:%d.%m.%Y}"
GRADUATE_MALE = "выпускник"
GRADUATE_FEMALE = "выпускница"
GRADUATE_ANY = "выпускник(ца)"
MENU_ARCHIVE_CLOSED = (
    "Главное меню · {name}\n"
    "Доступ к архиву для выпускников и их родителей закончился {until:%d.%m.%Y}. "
    "За справкой об итоговых отметках обратитесь в школу."
)
ARCHIVE_TITLE = "Архив · {name} · {year} · {klass}"
ARCHIVE_OUTCOME = "Итог года: {outcome}"
ARCHIVE_SUBJECT = "{subject} — {finals}"
ARCHIVE_NONE = "Итоговых отметок в архиве нет."
ARCHIVE_UNTIL = "Архив открыт до {until:%d.%m.%Y}, только для просмотра."
STAFF_ARCHIVES = (
    "В архиве — итоговые отметки последнего учебного года, только для просмотра:\n{lines}"
)
ARCHIVE_ONLY = "Здесь остался только архив выпускников: итоговые отметки последнего года."
FAMILY_ONLY = "Это раздел для родителей и учеников."
CHILD_PICKED = "Теперь показываю: {whose}."

MARKS_RECENT_TITLE = "Последние оценки · {whose}"
MARKS_NONE = "Оценок пока нет."
SUBJECT_NO_MARKS = "оценок пока нет"
MARKS_PERIOD_TITLE = "Оценки за {period} · {whose}"
MARKS_FINAL_TITLE = "Итоговые оценки · {whose}"
FINAL_NONE = "Итоговых оценок пока нет."
FINAL_LAST_YEAR = "Годовые за {year} ({klass}):"
FINAL_DEBTS = "Академическая задолженность: {subjects}"
FINAL_SET = "итоговая: {value}"

HOMEWORK_TITLE = "Домашнее задание на {when} · {whose}"
HOMEWORK_NONE = "Ничего не задано."
INDIVIDUAL = "(индивидуально)"

SCHEDULE_DAY_TITLE = "Расписание на {when} · {whose}"
SCHEDULE_WEEK_TITLE = "Расписание на неделю {span} · {whose}"
MY_SCHEDULE_TITLE = "Мои уроки на {when}"
MY_WEEK_TITLE = "Мои уроки на неделю {span}"
NO_LESSONS = "уроков нет"
HOLIDAY = "каникулы: {name}"
HOLIDAY_OF_GRADES = "каникулы у {grades}: {name}"
LESSON_GONE = "Этого урока уже нет в расписании на этот день — вот актуальное."
LESSON_TOPIC = "Тема: {topic}"
LESSON_TEACHER = "Учитель: {teacher}"

ATTENDANCE_TITLE = "Посещаемость за {period} · {whose}"
ATTENDANCE_NONE = "Пропусков и опозданий нет. 👍"
ATTENDANCE_TOTAL = "Всего: пропущено уроков — {absent}, опозданий — {late}."
ATTENDANCE_STATUS = {
    "absent": "пропуск",
    "ill": "болезнь",
    "excused": "по уважительной причине",
    "late": "опоздание",
    "exempt": "освобождение",
}

ANNOUNCEMENTS_TITLE = "Объявления"
ANNOUNCEMENTS_NONE = "Новых объявлений нет."

SETTINGS_TEXT = (
    "Настройки\nАккаунт привязан к записи: {name}.\n"
    "«Отвязать аккаунт» — бот перестанет показывать данные, войти снова можно по новому коду.\n"
    "«Забыть меня» — удалить привязку, согласие и все настройки этого чата."
)
UNLINK_ASK = "Отвязать этот чат от журнала? Данные больше не будут показываться."
UNLINK_DONE = "Готово, аккаунт отвязан. Чтобы вернуться, пришлите новый код приглашения."
FORGET_ASK = (
    "Удалить привязку, согласие и настройки этого чата? Это нельзя отменить; "
    "вернуться можно будет только с новым кодом приглашения."
)
FORGET_DONE = "Готово: данные этого чата удалены. Всего доброго!"
CANCELLED = "Хорошо, ничего не меняю."

HELP_TITLE = "Как пользоваться ботом"
HELP_TYPED = (
    "• Нажимайте кнопки или пишите, как удобно: «оценки по математике», «что задали», "
    "«что задали на среду», «расписание на завтра», «расписание на 12.12», «Неделя»."
)
HELP_MENU = "• «В меню» или /menu — вернуться в главное меню откуда угодно."
HELP_CODE = "• /start КОД — привязать аккаунт по коду приглашения."
HELP_CHILDREN = "• «Выбрать ребёнка» — чьи оценки, задания и расписание показывать."
HELP_WRITE = "• «Написать учителю» — вопрос учителю вашего ребёнка; ответ придёт сюда."
HELP_SETTINGS = "• «Настройки» — уведомления, отвязать аккаунт или удалить свои данные (/forget)."
HELP_MARKS = "Оценки записаны как в бумажном журнале: «5 (к/р)» — пятёрка за контрольную работу."


def help_text(*, guardian: bool, several: bool) -> str:
    """Help for a guardian (of one child or several) or a pupil: only what they have."""
    lines = [HELP_TITLE, HELP_TYPED, HELP_MENU, HELP_CODE]
    if several:
        lines.append(HELP_CHILDREN)
    if guardian:
        lines.append(HELP_WRITE)
    lines += [HELP_SETTINGS, HELP_MARKS]
    return "\n".join(lines)


NOT_UNDERSTOOD = "Не понял 🙂 Выберите пункт меню или напишите «Помощь»."
STALE_BUTTON = "Эта кнопка устарела. Вот свежее меню."
SOMETHING_WRONG = "Что-то пошло не так, попробуйте ещё раз."
TOO_MANY = "Слишком много сообщений, подождите немного."
